package io.github.pixelcnn.train;

import java.util.Locale;

/** Training produced non-finite losses or gradients several steps in a row. */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(long step, float learningRate) {
        super(String.format(
                Locale.ROOT,
                "training diverged at step %d: loss or gradients not finite; the last checkpoint is"
                        + " intact; try a lower --lr than %g or --clip-grad 1.0",
                step,
                learningRate));
    }
}

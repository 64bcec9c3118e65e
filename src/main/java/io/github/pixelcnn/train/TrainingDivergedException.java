package io.github.pixelcnn.train;

import java.util.Locale;

/** Training produced non-finite losses or gradients several steps in a row. */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param checkpointKept whether a checkpoint from before the divergence is on disk */
    public TrainingDivergedException(long step, float learningRate, boolean checkpointKept) {
        super(String.format(
                Locale.ROOT,
                "training diverged at step %d: loss or gradients not finite; %s; try a lower --lr than %g"
                        + " or --clip-grad 1.0",
                step,
                checkpointKept
                        ? "the last checkpoint is intact"
                        : "no checkpoint had been written yet, so nothing of this run is kept",
                learningRate));
    }
}

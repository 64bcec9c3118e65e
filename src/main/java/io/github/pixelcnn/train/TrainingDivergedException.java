package io.github.pixelcnn.train;

import java.util.Locale;

/** Training produced non-finite losses or gradients several steps in a row. */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long step;
    private final float learningRate;
    private final boolean checkpointKept;

    /** @param checkpointKept whether a checkpoint from before the divergence is on disk */
    public TrainingDivergedException(long step, float learningRate, boolean checkpointKept) {
        super(message(step, learningRate, checkpointKept, "learningRate", "clipGrad"));
        this.step = step;
        this.learningRate = learningRate;
        this.checkpointKept = checkpointKept;
    }

    /**
     * The message with the two remedies named as a front end calls them (the command line's
     * {@code --lr} and {@code --clip-grad}); {@link #getMessage()} uses the builder's names.
     */
    public String message(String learningRateName, String clipGradName) {
        return message(step, learningRate, checkpointKept, learningRateName, clipGradName);
    }

    private static String message(
            long step, float learningRate, boolean checkpointKept, String learningRateName, String clipGradName) {
        return String.format(
                Locale.ROOT,
                "training diverged at step %d: loss or gradients not finite; %s; try a lower %s than %g or %s 1.0",
                step,
                checkpointKept
                        ? "the last checkpoint is intact"
                        : "no checkpoint had been written yet, so nothing of this run is kept",
                learningRateName,
                learningRate,
                clipGradName);
    }
}

package io.github.pixelcnn.train;

/** Progress of a training run, for a progress bar or a log; the library itself never prints. */
public interface TrainingListener {
    /** Called once before the first step with the number of steps this session plans, or -1. */
    default void onStart(long firstStep, long plannedSteps) {}

    /** After each optimizer step. */
    default void onStep(long step, int epoch, double trainBitsPerDim, double imagesPerSecond) {}

    /** After an epoch's test evaluation. */
    default void onEpochEnd(int epoch, long step, double testBitsPerDim) {}

    /** A step skipped because its loss or gradients were not finite. */
    default void onSkippedStep(long step, String reason) {}

    /** A step whose gradients were compared with float64 ones, before the step was applied. */
    default void onGradientCheck(long step, GradientCheck.Comparison comparison) {}

    default void onEnd(long step) {}

    /**
     * Other processes kept {@code otherCores} of the machine's {@code cores} busy on average while
     * this run trained (told only when it was a noticeable share): the run made fewer steps than the
     * machine allows when idle.
     */
    default void onSharedCores(double otherCores, int cores) {}

    /** A stop was asked for (Ctrl-C, SIGTERM): the current step finishes, then {@code checkpoint} is written. */
    default void onStopRequested(java.nio.file.Path checkpoint) {}
}

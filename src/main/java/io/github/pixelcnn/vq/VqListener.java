package io.github.pixelcnn.vq;

/** Progress of a VQ-VAE training run; every method does nothing by default. */
public interface VqListener {
    /**
     * After each step.
     *
     * @param reconstructionError the step's mean squared error in [-1, 1] scale
     * @param perplexity exp of the entropy of the step's code usage: how many codes are in use
     * @param restarted dead codes moved onto encoder outputs in this step
     */
    default void onStep(long step, int epoch, double reconstructionError, double commitment, double perplexity,
            int restarted, double imagesPerSecond) {}

    /** After each test evaluation: at the end of an epoch and of the session. */
    default void onEvaluation(long step, int epoch, VqEvaluation evaluation) {}
}

package io.github.pixelcnn.eval;

/**
 * Negative log-likelihood of a set of images, averaged per image so a short last batch counts
 * right.
 */
public record EvalResult(double bitsPerDim, double natsPerImage, int images, double seconds) {
    public double imagesPerSecond() {
        return seconds > 0 ? images / seconds : Double.NaN;
    }
}

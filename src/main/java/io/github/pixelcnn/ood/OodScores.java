package io.github.pixelcnn.ood;

/**
 * Every anomaly score of a set of images, per image, and optionally the per-sub-pixel maps.
 *
 * @param bitsPerDim the model's {@code -log2 p(x) / D}
 * @param backgroundBitsPerDim the background model's, or null without one
 * @param pngBitsPerDim the complexity L(x) / D (PNG bits per sub-pixel)
 * @param nats {@code -log p(x_i | x_<i)} per sub-pixel, (N, C, H, W) flattened, or null when maps
 *     were not asked for
 * @param backgroundNats the background model's, or null
 */
public record OodScores(double[] bitsPerDim, double[] backgroundBitsPerDim, double[] pngBitsPerDim, float[] nats,
        float[] backgroundNats) {
    public int size() {
        return bitsPerDim.length;
    }

    /** Whether this score was computed: the ratio needs a background model. */
    public boolean has(OodScore score) {
        return score != OodScore.RATIO || backgroundBitsPerDim != null;
    }

    /** The scores of every image, higher = more anomalous. */
    public double[] of(OodScore score) {
        double[] s = new double[size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = of(score, i);
        }
        return s;
    }

    /** Image {@code i}'s score. */
    public double of(OodScore score, int i) {
        return switch (score) {
            case LIKELIHOOD -> bitsPerDim[i];
            case RATIO -> {
                if (backgroundBitsPerDim == null) {
                    throw new IllegalStateException("the likelihood ratio needs a background model");
                }
                yield bitsPerDim[i] - backgroundBitsPerDim[i];
            }
            case COMPLEXITY -> bitsPerDim[i] - pngBitsPerDim[i];
        };
    }

    /**
     * The likelihood ratio per sub-pixel, {@code -log p(x_i|x_<i) + log p_bg(x_i|x_<i)} in nats,
     * (N, C, H, W) flattened: where an image is more surprising to the model than to the
     * background. Null without maps or a background.
     */
    public float[] ratioNats() {
        if (nats == null || backgroundNats == null) {
            return null;
        }
        return OodScorer.ratioNats(nats, backgroundNats);
    }
}

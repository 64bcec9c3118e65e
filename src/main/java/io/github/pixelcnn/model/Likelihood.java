package io.github.pixelcnn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Negative log-likelihood of images under the per-sub-pixel categorical distributions, and its
 * conversion to bits per dimension, the paper's figure of merit (Tables 1–3).
 */
public final class Likelihood {
    private static final double LN2 = Math.log(2);

    private Likelihood() {}

    /**
     * {@code -log p(x_i | x_<i)} in nats for every sub-pixel.
     *
     * @param logits (N, levels, C, H, W)
     * @param images intensities (N, C, H, W)
     * @return (N, C, H, W), in logits' manager
     */
    public static NDArray natsPerSubpixel(NDArray logits, NDArray images) {
        NDArray index = images.toType(DataType.INT64, false).expandDims(1); // (N, 1, C, H, W)
        NDArray logp = logits.logSoftmax(1).gather(index, 1); // (N, 1, C, H, W)
        return logp.squeeze(1).neg(); // (N, C, H, W)
    }

    /** Nats per image: the sum over its C·H·W sub-pixels, (N). */
    public static NDArray natsPerImage(NDArray logits, NDArray images) {
        return natsPerSubpixel(logits, images).sum(new int[] {1, 2, 3}); // (N)
    }

    /** The training loss: mean nats per sub-pixel over the batch, a scalar. */
    public static NDArray meanNats(NDArray logits, NDArray images) {
        return natsPerSubpixel(logits, images).mean();
    }

    /** bits/dim = nats per image / (C·H·W · ln 2). */
    public static double bitsPerDim(double natsPerImage, int dims) {
        return natsPerImage / (dims * LN2);
    }

    /** Mean nats per sub-pixel to bits/dim. */
    public static double natsPerDimToBits(double natsPerDim) {
        return natsPerDim / LN2;
    }
}

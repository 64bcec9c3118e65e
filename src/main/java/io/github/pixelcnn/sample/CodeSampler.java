package io.github.pixelcnn.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;

/**
 * Raster-order sampling from a model conditioned on given vectors h: a vector-conditional Gated
 * PixelCNN, or an auto-encoder's decoder given codes (reconstructions and interpolations, §3.4).
 * Draws through the cached samplers; h is fixed for the whole image.
 */
public final class CodeSampler {
    private CodeSampler() {}

    /**
     * @param model a model whose config takes an h of size K
     * @param codes h of each image, row-major (N·K)
     * @return n images, uint8 (N, C, H, W) flattened
     */
    public static byte[] sample(
            PixelModel model, float[] codes, int n, float temperature, long seed, NDManager manager) {
        ModelConfig cfg = model.config();
        int k = cfg.conditionSize();
        if (!cfg.isConditional() || codes.length != n * k) {
            throw new IllegalArgumentException(
                    "need " + n + " vectors of size " + k + " for a conditional model, got " + codes.length + " values");
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        }
        byte[] images = new byte[n * cfg.dims()];
        try (NDManager session = manager.newSubManager()) {
            NDArray cond = session.create(codes, new Shape(n, k)); // (N, K)
            Sampler.forModel(model).fill(model, cond, images, null, n, temperature, seed, session);
        }
        return images;
    }
}

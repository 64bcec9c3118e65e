package io.github.pixelcnn.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import java.util.SplittableRandom;

/**
 * Raster-order sampling from a model conditioned on given vectors h: a vector-conditional Gated
 * PixelCNN, or an auto-encoder's decoder given codes (reconstructions and interpolations, §3.4).
 * One full forward pass per sub-pixel, as {@link NaiveSampler}; h is fixed for the whole image.
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
            throw new io.github.pixelcnn.BadParameterException("temperature", "must be positive, got " + temperature);
        }
        int c = cfg.imageChannels();
        int h = cfg.height();
        int w = cfg.width();
        int levels = cfg.levels();
        int dims = cfg.dims();
        byte[] images = new byte[n * dims];
        SplittableRandom random = new SplittableRandom(seed);
        Shape shape = new Shape(n, c, h, w);
        try (NDManager session = manager.newSubManager()) {
            NDArray cond = session.create(codes, new Shape(n, k)).toType(model.dataType(), false); // (N, K)
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int ch = 0; ch < c; ch++) {
                        float[] probs;
                        try (NDManager step = session.newSubManager()) {
                            NDArray batch = step.create(images, shape).toType(DataType.UINT8, false); // (N, C, H, W)
                            NDArray at = model.logits(batch, cond).get(":, :, " + ch + ", " + y + ", " + x); // (N, levels)
                            probs = at.div(temperature).softmax(1).toFloatArray(); // (N·levels)
                        }
                        int offset = ch * h * w + y * w + x;
                        for (int i = 0; i < n; i++) {
                            images[i * dims + offset] = (byte) NaiveSampler.draw(probs, i * levels, levels, random);
                        }
                    }
                }
            }
        }
        return images;
    }
}

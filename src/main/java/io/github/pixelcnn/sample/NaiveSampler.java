package io.github.pixelcnn.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import java.util.SplittableRandom;

/**
 * Ancestral sampling in raster order, R→G→B inside a pixel: one full forward pass per sub-pixel.
 *
 * <p>Only sub-pixels marked unknown are drawn, so image completion is the same loop with the
 * known pixels given. Draws come from Java ({@link SplittableRandom} seeded once), since DJL 0.36
 * has no multinomial sampler; the same seed gives the same images.
 */
public final class NaiveSampler implements Sampler {
    @Override
    public byte[] complete(
            PixelModel model,
            Condition condition,
            byte[] images,
            boolean[] known,
            int n,
            float temperature,
            long seed,
            NDManager manager) {
        checkArguments(model, condition, images, known, n, temperature);
        try (NDManager session = manager.newSubManager()) {
            fill(model.autoregressive(), condition.toArray(session), images, known, n, temperature, seed, session);
        }
        return images;
    }

    /**
     * The sampling core: {@code net} draws the unknown sub-pixels of {@code images} in place.
     *
     * @param h the condition as (N, K) float32, or null when {@code net} is unconditional
     * @param session a manager that lives for the whole run; each step uses a sub-manager of it
     */
    void fill(
            PixelModel net,
            NDArray h,
            byte[] images,
            boolean[] known,
            int n,
            float temperature,
            long seed,
            NDManager session) {
        ModelConfig cfg = net.config();
        int c = cfg.imageChannels();
        int height = cfg.height();
        int w = cfg.width();
        int levels = cfg.levels();
        int plane = height * w;
        int dims = cfg.dims();
        SplittableRandom random = new SplittableRandom(seed);
        Shape shape = new Shape(n, c, height, w);
        NDArray cond = h == null ? null : h.toType(net.dataType(), false); // (N, K)
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < w; x++) {
                for (int ch = 0; ch < c; ch++) {
                    int offset = ch * plane + y * w + x;
                    if (known != null && allKnown(known, n, dims, offset)) {
                        continue;
                    }
                    float[] probs;
                    try (NDManager step = session.newSubManager()) {
                        NDArray batch = step.create(images, shape).toType(DataType.UINT8, false);
                        NDArray logits = net.logits(batch, cond); // (N, levels, C, H, W)
                        NDArray at = logits.get(":, :, " + ch + ", " + y + ", " + x); // (N, levels)
                        probs = at.div(temperature).softmax(1).toFloatArray(); // (N·levels)
                    }
                    for (int i = 0; i < n; i++) {
                        int index = i * dims + offset;
                        if (known == null || !known[index]) {
                            images[index] = (byte) draw(probs, i * levels, levels, random);
                        }
                    }
                }
            }
        }
    }

    /** Rejects arguments that do not fit the model or each other, h included. */
    static void checkArguments(
            PixelModel model, Condition condition, byte[] images, boolean[] known, int n, float temperature) {
        ModelConfig cfg = model.config();
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        }
        if (n < 1 || images.length != n * cfg.dims() || (known != null && known.length != images.length)) {
            throw new IllegalArgumentException(
                    "need " + n + " images of " + cfg.dims() + " sub-pixels and a mask of the same size");
        }
        condition.requireFits(cfg, n);
        condition.requirePerImage("sampling");
    }

    static boolean allKnown(boolean[] known, int n, int dims, int offset) {
        for (int i = 0; i < n; i++) {
            if (!known[i * dims + offset]) {
                return false;
            }
        }
        return true;
    }

    /** Inverse-CDF draw from probs[from … from+levels). */
    static int draw(float[] probs, int from, int levels, SplittableRandom random) {
        double u = random.nextDouble();
        double cumulative = 0;
        for (int k = 0; k < levels; k++) {
            cumulative += probs[from + k];
            if (u < cumulative) {
                return k;
            }
        }
        return levels - 1; // rounding left the total just under 1
    }
}

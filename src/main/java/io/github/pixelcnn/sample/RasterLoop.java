package io.github.pixelcnn.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.model.ModelConfig;
import java.util.SplittableRandom;

/**
 * The one raster loop every sampler runs: rows, columns, then colours R→G→B; for each sub-pixel
 * that some image leaves unknown, the logits of all images, divided by the temperature and
 * softmaxed, then one uniform number per image whose sub-pixel is unknown, in image order, from
 * {@link Uniforms} (one {@link SplittableRandom}, or one per image), turned into a level by the
 * inverse CDF. Known sub-pixels are never written, so completion (inpainting) and sampling are the
 * same loop.
 *
 * <p>Samplers differ only in their {@link Conditionals}: how the logits of the next sub-pixel are
 * computed from the images drawn so far. Conditionals that compute the same distributions
 * therefore give the same images for the same seed. A {@link DrawListener} may watch each draw.
 */
final class RasterLoop {
    /**
     * How a sampler computes the conditionals {@code p(x_i | x_<i, h)}. The loop calls, per row,
     * {@link #startRow}, then per position and colour {@link #logits}, then {@link #endPixel}
     * once the position's colours are final, and {@link #endRow} at the row's end.
     */
    interface Conditionals {
        /**
         * About how many values one of its tensor operations touches, (N, C) for a cached step,
         * (N, C, H, W) for a whole network: it decides the loop's threads ({@link LoopThreads}).
         */
        long valuesPerOp();

        /** Work done once per row before its positions, e.g. a vertical stack's row step. */
        default void startRow(int y, NDManager row) {}

        /**
         * The logits of sub-pixel (y, x, ch) for all images, (N, levels), in {@code step}; null
         * when {@code draw} is false. Called also for a sub-pixel every image knows, so that
         * state kept per position can be refreshed; such a call may do nothing.
         *
         * @param row a manager that lives until the row ends
         * @param step a manager closed right after the draw
         */
        NDArray logits(int y, int x, int ch, boolean draw, NDManager row, NDManager step);

        /** Position (y, x) is final in every image. */
        default void endPixel(int y, int x, NDManager row) {}

        /** Row y is final in every image; its row manager is already closed. */
        default void endRow(int y) {}
    }

    private RasterLoop() {}

    /**
     * Draws the unknown sub-pixels of {@code images} in place.
     *
     * @param images n images, uint8 (N, C, H, W) flattened
     * @param known per sub-pixel, true where given; null = none
     * @param session a manager that outlives the loop; each row and each step use a sub-manager
     * @param listener told of each drawn sub-pixel; null = none
     */
    static void run(
            Conditionals conditionals,
            ModelConfig cfg,
            byte[] images,
            boolean[] known,
            int n,
            float temperature,
            Uniforms uniforms,
            NDManager session,
            DrawListener listener) {
        uniforms.requireImages(n);
        int colours = cfg.imageChannels();
        int height = cfg.height();
        int width = cfg.width();
        int levels = cfg.levels();
        int plane = height * width;
        int dims = cfg.dims();
        try (LoopThreads threads = LoopThreads.fit(conditionals.valuesPerOp())) {
            for (int y = 0; y < height; y++) {
                try (NDManager row = session.newSubManager()) {
                    conditionals.startRow(y, row);
                    for (int x = 0; x < width; x++) {
                        for (int ch = 0; ch < colours; ch++) {
                            int offset = ch * plane + y * width + x;
                            boolean draw = known == null || !allKnown(known, n, dims, offset);
                            float[] probs = null;
                            try (NDManager step = row.newSubManager()) {
                                NDArray logits = conditionals.logits(y, x, ch, draw, row, step); // (N, levels)
                                if (draw) {
                                    probs = logits.div(temperature).softmax(1).toFloatArray(); // (N·levels)
                                }
                            }
                            if (draw) {
                                for (int i = 0; i < n; i++) {
                                    int index = i * dims + offset;
                                    if (known == null || !known[index]) {
                                        images[index] = (byte) draw(probs, i * levels, levels, uniforms.next(i));
                                    }
                                }
                                if (listener != null) {
                                    listener.drawn(y, x, ch, images);
                                }
                            }
                        }
                        conditionals.endPixel(y, x, row);
                    }
                }
                conditionals.endRow(y);
            }
        }
    }

    static boolean allKnown(boolean[] known, int n, int dims, int offset) {
        for (int i = 0; i < n; i++) {
            if (!known[i * dims + offset]) {
                return false;
            }
        }
        return true;
    }

    /** Inverse-CDF draw of {@code u} from probs[from … from+levels). */
    static int draw(float[] probs, int from, int levels, double u) {
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

package io.github.pixelcnn.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;

/**
 * Measures which input sub-pixels each output sub-pixel's logits depend on, by gradients.
 *
 * <p>The batch holds one copy of the same random image per sub-pixel {@code i}; copy {@code i}'s
 * loss is a random projection of the logits of sub-pixel {@code i}. Samples do not interact, so
 * one backward pass gives, in row {@code i} of the input gradient, exactly the dependence of
 * sub-pixel {@code i} on every input sub-pixel. Masked taps are multiplied by exact zeros, so a
 * forbidden dependence shows as a non-zero, never as rounding noise.
 */
final class DependenceProbe {
    private DependenceProbe() {}

    /**
     * @return grad[i][j] for sub-pixel indices in raster order with colour innermost, that is
     *     {@code i = (y·W + x)·C + c}
     */
    /**
     * Runs in float64: the dependence structure does not depend on precision, and libtorch
     * 2.7.1's float32 convolution backward on this CPU now and then returns NaN input gradients
     * (reproduced with a lone conv2d; float64 takes another code path and never did). The model
     * must have been initialised with {@code DataType.FLOAT64}.
     */
    static float[][] dependence(PixelModel model, NDManager manager, long seed) {
        if (model.dataType() != DataType.FLOAT64) {
            throw new IllegalArgumentException("initialise the model with DataType.FLOAT64");
        }
        float[][] g = measure(model, manager, seed);
        for (float[] row : g) {
            for (float v : row) {
                if (!Float.isFinite(v)) {
                    throw new AssertionError("non-finite input gradient in float64");
                }
            }
        }
        return g;
    }

    private static float[][] measure(PixelModel model, NDManager manager, long seed) {
        ModelConfig cfg = model.config();
        int c = cfg.imageChannels();
        int h = cfg.height();
        int w = cfg.width();
        int d = c * h * w;
        int levels = cfg.levels();
        Random random = new Random(seed);
        float[] image = new float[d];
        for (int j = 0; j < d; j++) {
            image[j] = random.nextInt(levels);
        }
        float[] batch = new float[d * d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(image, 0, batch, i * d, d);
        }
        // selector[i, level, ch, y, x] = r_level at sub-pixel i of copy i, 0 elsewhere
        float[] selector = new float[d * levels * d];
        for (int i = 0; i < d; i++) {
            int ch = i % c;
            int pixel = i / c;
            int chw = ch * h * w + pixel;
            for (int l = 0; l < levels; l++) {
                selector[(i * levels + l) * d + chw] = (float) random.nextGaussian();
            }
        }
        float[][] out = new float[d][d];
        int in = cfg.inputChannels();
        int width = in / c; // features per colour: 1 for float input, E for the embedding
        try (NDManager sub = manager.newSubManager()) {
            // The input features as a float64 leaf in native memory, the only input that needs a
            // gradient: sub-pixel (ch, p) feeds channels e·C + ch at p (one channel for float input).
            NDArray pixels = sub.create(batch, new Shape(d, c, h, w)).toType(DataType.INT32, false); // (D, C, H, W)
            float[] features = model.features(pixels).toType(DataType.FLOAT32, false).toFloatArray();
            NDArray x = sub.create(features, new Shape(d, in, h, w)).toType(DataType.FLOAT64, true); // (D, Cin, H, W)
            x.setRequiresGradient(true);
            NDArray cond = null;
            if (cfg.isConditional()) {
                cond = sub.randomNormal(new Shape(1, cfg.conditionSize())).repeat(0, d).toType(DataType.FLOAT64, false);
            }
            NDArray sel = sub.create(selector, new Shape(d, levels, c, h, w)).toType(DataType.FLOAT64, false);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = model.logitsOf(x, cond); // (D, levels, C, H, W)
                gc.backward(logits.mul(sel).sum());
            }
            try (NDArray grad = x.getGradient()) {
                float[] g = grad.toType(DataType.FLOAT32, false).toFloatArray(); // (D, Cin, H, W)
                for (int i = 0; i < d; i++) {
                    for (int ch = 0; ch < c; ch++) {
                        for (int p = 0; p < h * w; p++) {
                            float sum = 0f; // |gradient| over the sub-pixel's channels: zero only if all are
                            for (int e = 0; e < width; e++) {
                                sum += Math.abs(g[(i * in + e * c + ch) * h * w + p]);
                            }
                            out[i][p * c + ch] = sum;
                        }
                    }
                }
            }
        }
        return out;
    }
}

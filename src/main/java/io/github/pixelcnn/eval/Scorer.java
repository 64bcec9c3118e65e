package io.github.pixelcnn.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.model.Likelihood;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;

/**
 * Per-image and per-sub-pixel negative log-likelihood: the anomaly score and anomaly map of
 * likelihood-based out-of-distribution detection. One forward pass per batch, no gradients.
 */
public final class Scorer {
    /**
     * @param bitsPerDim per image
     * @param nats {@code -log p(x_i | x_<i)} in nats per sub-pixel, (N, C, H, W) flattened
     */
    public record Scores(double[] bitsPerDim, float[] nats, double imagesPerSecond) {}

    private Scorer() {}

    /** Scores the first {@code count} images of {@code data}, {@code batch} at a time. */
    public static Scores score(PixelModel model, ImageDataset data, int count, int batch, NDManager manager) {
        ModelConfig cfg = model.config();
        Conditioner.of(cfg, data); // refuses unlabelled data for a class-conditional model
        int dims = cfg.dims();
        float[] nats = new float[count * dims];
        double[] bits = new double[count];
        long start = System.nanoTime();
        for (int from = 0; from < count; from += batch) {
            int b = Math.min(batch, count - from);
            try (NDManager step = manager.newSubManager()) {
                byte[] slice = java.util.Arrays.copyOfRange(data.pixels(), from * dims, (from + b) * dims);
                NDArray images = step.create(slice, new Shape(b, cfg.imageChannels(), cfg.height(), cfg.width()))
                        .toType(ai.djl.ndarray.types.DataType.UINT8, false); // (B, C, H, W)
                NDArray cond = null;
                if (cfg.isConditional()) {
                    int[] labels = new int[b];
                    for (int i = 0; i < b; i++) {
                        labels[i] = data.label(from + i);
                    }
                    cond = Conditioner.oneHot(step.create(labels), cfg.conditionSize()); // (B, K)
                }
                NDArray logits = model.logits(images, cond); // (B, levels, C, H, W)
                float[] values = Likelihood.natsPerSubpixel(logits, images).toFloatArray(); // (B·C·H·W)
                System.arraycopy(values, 0, nats, from * dims, values.length);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (int i = 0; i < count; i++) {
            double sum = 0;
            for (int k = 0; k < dims; k++) {
                sum += nats[i * dims + k];
            }
            bits[i] = Likelihood.bitsPerDim(sum, dims);
        }
        return new Scores(bits, nats, count / Math.max(seconds, 1e-9));
    }
}

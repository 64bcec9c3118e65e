package io.github.pixelcnn.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.model.ConditionSource;
import io.github.pixelcnn.model.Likelihood;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import java.util.Arrays;

/**
 * Per-image and per-sub-pixel negative log-likelihood: the anomaly score and anomaly map of
 * likelihood-based out-of-distribution detection. One forward pass per batch (per class and batch
 * for the class marginal), no gradients.
 */
public final class Scorer {
    /**
     * @param bitsPerDim per image
     * @param nats {@code -log p(x_i | x_<i)} in nats per sub-pixel, (N, C, H, W) flattened
     */
    public record Scores(double[] bitsPerDim, float[] nats, double imagesPerSecond) {}

    private Scorer() {}

    /** Scores the first {@code count} images of {@code data} with h from the dataset itself. */
    public static Scores score(PixelModel model, ImageDataset data, int count, int batch, NDManager manager) {
        return score(model, data, ConditionSource.of(model, data), count, batch, manager);
    }

    /**
     * Scores the first {@code count} images of {@code data}, {@code batch} at a time, with h from
     * {@code conditions} (built for {@code data}); the class marginal scores {@code -log p(x)}.
     */
    public static Scores score(PixelModel model, ImageDataset data, ConditionSource conditions, int count, int batch,
            NDManager manager) {
        ModelConfig cfg = model.config();
        int dims = cfg.dims();
        float[] nats = new float[count * dims];
        double[] bits = new double[count];
        long start = System.nanoTime();
        for (int from = 0; from < count; from += batch) {
            int b = Math.min(batch, count - from);
            byte[] slice = Arrays.copyOfRange(data.pixels(), from * dims, (from + b) * dims);
            try (NDManager step = manager.newSubManager()) {
                if (conditions.isMarginal()) {
                    ClassMarginal.Nats m = ClassMarginal.score(model, slice, b, conditions.prior(), step);
                    System.arraycopy(m.nats(), 0, nats, from * dims, b * dims);
                    for (int i = 0; i < b; i++) {
                        bits[from + i] = Likelihood.bitsPerDim(m.perImage()[i], dims);
                    }
                    continue;
                }
                int first = from;
                int[] indices = new int[b];
                Arrays.setAll(indices, i -> first + i);
                NDArray images = step.create(java.nio.ByteBuffer.wrap(slice),
                        new Shape(b, cfg.imageChannels(), cfg.height(), cfg.width()), DataType.UINT8); // (B, C, H, W)
                NDArray logits = model.logits(images, conditions.forImages(indices, slice, step)); // (B, levels, C, H, W)
                float[] values = Likelihood.natsPerSubpixel(logits, images).toFloatArray(); // (B·C·H·W)
                System.arraycopy(values, 0, nats, from * dims, values.length);
                for (int i = 0; i < b; i++) {
                    double sum = 0;
                    for (int k = 0; k < dims; k++) {
                        sum += values[i * dims + k];
                    }
                    bits[from + i] = Likelihood.bitsPerDim(sum, dims);
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Scores(bits, nats, count / Math.max(seconds, 1e-9));
    }
}

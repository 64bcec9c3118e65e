package io.github.pixelcnn.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.data.Batch;
import io.github.pixelcnn.data.Batches;
import io.github.pixelcnn.data.ImageDataset;
import java.util.Iterator;

/**
 * How well a VQ-VAE reconstructs a set of images through its codes.
 *
 * @param images images measured
 * @param meanSquaredError per sub-pixel, on intensities 0..255 of the rounded reconstruction
 * @param psnr peak signal-to-noise ratio in dB, {@code 10 log10(255² / MSE)}
 * @param perplexity exp of the entropy of the code usage over all the images' code maps: 1 when
 *     one code does everything, K when all are used equally
 * @param codesUsed codes that appear at least once
 */
public record VqEvaluation(int images, double meanSquaredError, double psnr, double perplexity, int codesUsed) {

    /** Encodes and decodes the first {@code limit} images of {@code data} (0 = all), {@code batch} at a time. */
    public static VqEvaluation of(VqVae model, ImageDataset data, int limit, int batch, NDManager manager) {
        ImageDataset subset = limit > 0 ? data.head(limit) : data;
        Batches batches = Batches.builder().setData(subset).setBatchSize(batch).build();
        long[] usage = new long[model.config().codes()];
        double squared = 0;
        long values = 0;
        Iterator<Batch> it = batches.epoch(0);
        while (it.hasNext()) {
            Batch b = it.next();
            try (NDManager sub = manager.newSubManager()) {
                NDArray x = b.images(sub); // (B, C, H, W) uint8
                NDArray codes = model.encode(x); // (B, h, w)
                NDArray y = model.decode(codes); // (B, C, H, W) uint8
                NDArray diff = y.toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                        .sub(x.toType(ai.djl.ndarray.types.DataType.FLOAT32, false)); // (B, C, H, W)
                squared += diff.square().sum().getFloat();
                values += diff.size();
                for (int k : codes.toIntArray()) {
                    usage[k]++;
                }
            }
        }
        double mse = squared / values;
        int used = 0;
        for (long u : usage) {
            used += u > 0 ? 1 : 0;
        }
        return new VqEvaluation(subset.size(), mse, psnr(mse), perplexity(usage), used);
    }

    /** {@code 10 log10(255² / mse)} dB; infinite for a perfect reconstruction. */
    public static double psnr(double mse) {
        return 10 * Math.log10(255.0 * 255.0 / mse);
    }

    /** {@code exp(−Σ p_k ln p_k)} of the counts' frequencies. */
    public static double perplexity(long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        double entropy = 0;
        for (long c : counts) {
            if (c > 0) {
                double p = (double) c / total;
                entropy -= p * Math.log(p);
            }
        }
        return Math.exp(entropy);
    }
}

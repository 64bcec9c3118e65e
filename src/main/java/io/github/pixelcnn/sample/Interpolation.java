package io.github.pixelcnn.sample;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadParameterException;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.PixelCnnAutoEncoder;

/**
 * Samples along the straight line between the codes of two images (§3.4, Figure 6): what the
 * auto-encoder's code space holds between them.
 */
public final class Interpolation {
    private Interpolation() {}

    /** {@code points} codes evenly spaced from a to b, both included: (points·M) row-major. */
    public static float[] line(float[] a, float[] b, int points) {
        if (points < 2) {
            throw new BadParameterException("points", "must be at least 2, got " + points);
        }
        int m = a.length;
        float[] line = new float[points * m];
        for (int s = 0; s < points; s++) {
            float t = s / (float) (points - 1);
            for (int j = 0; j < m; j++) {
                line[s * m + j] = (1 - t) * a[j] + t * b[j];
            }
        }
        return line;
    }

    /**
     * @param sampler how to draw: {@link Sampler#forModel} (cached) or {@link NaiveSampler}; both
     *     give the same images for the same seed
     * @param ends images A and B, in that order
     * @return {@code points + 2} images, uint8 (N, C, H, W): A, one sample at each point, B
     */
    public static byte[] sample(Sampler sampler, PixelCnnAutoEncoder ae, ImageDataset ends, int points,
            float temperature, long seed, NDManager manager) {
        if (ends.size() != 2) {
            throw new IllegalArgumentException("need images A and B, got " + ends.size());
        }
        int m = ae.config().bottleneck();
        float[] codes = Condition.encode(ae, ends.pixels(), 2, 2, manager).values(); // (2·M)
        float[] a = java.util.Arrays.copyOfRange(codes, 0, m);
        float[] b = java.util.Arrays.copyOfRange(codes, m, 2 * m);
        byte[] samples = sampler.sample(ae, Condition.codes(line(a, b, points), m), points, temperature,
                seed, manager);
        int d = ae.config().dims();
        byte[] row = new byte[(points + 2) * d];
        System.arraycopy(ends.pixels(), 0, row, 0, d);
        System.arraycopy(samples, 0, row, d, points * d);
        System.arraycopy(ends.pixels(), d, row, (points + 1) * d, d);
        return row;
    }
}

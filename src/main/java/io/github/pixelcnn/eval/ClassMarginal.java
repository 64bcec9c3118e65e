package io.github.pixelcnn.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.Likelihood;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;

/**
 * The likelihood of a class-conditional model without a label: {@code log p(x) = logsumexp_y
 * [log p(y) + log p(x|y)]}, one forward pass per class.
 *
 * <p>Per sub-pixel it is {@code -log p(x_t | x_<t) = L(t) - L(t-1)} with {@code L(t) = -log Σ_y p(y)
 * p(x_≤t | y)} over the model's order (raster, R→G→B inside a pixel), so the map of an image sums
 * to its {@code -log p(x)}: what out-of-distribution screening of unlabelled images needs.
 */
final class ClassMarginal {
    /**
     * @param nats per sub-pixel, (N, C, H, W) flattened
     * @param perImage {@code -log p(x)} per image, in nats
     */
    record Nats(float[] nats, double[] perImage) {}

    private ClassMarginal() {}

    /** Scores n images (uint8 (N, C, H, W) flattened) under the marginal with prior p(y). */
    static Nats score(PixelModel model, byte[] pixels, int n, double[] prior, NDManager manager) {
        ModelConfig cfg = model.config();
        int k = prior.length;
        float[][] given = new float[k][];
        for (int y = 0; y < k; y++) {
            if (prior[y] == 0) {
                continue; // a class never seen in training adds nothing to the sum
            }
            try (NDManager step = manager.newSubManager()) {
                NDArray x = step.create(java.nio.ByteBuffer.wrap(pixels),
                        new Shape(n, cfg.imageChannels(), cfg.height(), cfg.width()), DataType.UINT8); // (N, C, H, W)
                NDArray logits = model.logits(x, Condition.sameClass(y, n, k)); // (N, levels, C, H, W)
                given[y] = Likelihood.natsPerSubpixel(logits, x).toFloatArray(); // (N·C·H·W)
            }
        }
        return combine(given, prior, n, cfg.imageChannels(), cfg.height() * cfg.width());
    }

    /**
     * Combines {@code -log p(x_t | x_<t, y)} of every class (K × (N·C·H·W); null for a class of
     * prior 0) into the marginal's, walking each image in the model's order: positions in raster
     * order, channels inside.
     */
    static Nats combine(float[][] given, double[] prior, int n, int channels, int plane) {
        int k = prior.length;
        int dims = channels * plane;
        double[] logPrior = new double[k];
        for (int y = 0; y < k; y++) {
            logPrior[y] = Math.log(prior[y]);
        }
        float[] out = new float[n * dims];
        double[] perImage = new double[n];
        double[] joint = new double[k];
        for (int i = 0; i < n; i++) {
            System.arraycopy(logPrior, 0, joint, 0, k); // log p(y) + log p(x_≤t | y), t = -1
            double before = -logSumExp(joint);
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < channels; c++) {
                    int at = i * dims + c * plane + p;
                    for (int y = 0; y < k; y++) {
                        if (given[y] != null) {
                            joint[y] -= given[y][at];
                        }
                    }
                    double now = -logSumExp(joint);
                    out[at] = (float) (now - before);
                    before = now;
                }
            }
            perImage[i] = before;
        }
        return new Nats(out, perImage);
    }

    /** log Σ exp(v), exact for terms of -∞ (classes of prior 0). */
    static double logSumExp(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            max = Math.max(max, x);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (double x : v) {
            sum += Math.exp(x - max);
        }
        return max + Math.log(sum);
    }
}

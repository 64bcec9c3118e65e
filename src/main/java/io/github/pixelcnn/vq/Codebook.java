package io.github.pixelcnn.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * The K × D codebook of a VQ-VAE, learnt by exponential moving averages rather than by gradients
 * (the paper's Appendix A.1): after each batch, with {@code n_i} the number of encoder outputs whose
 * nearest code is {@code e_i} and {@code s_i} their sum,
 *
 * <pre>
 *   N_i ← γ N_i + (1 − γ) n_i        m_i ← γ m_i + (1 − γ) s_i        e_i = m_i / Ñ_i
 * </pre>
 *
 * where {@code Ñ_i = (N_i + ε) / (Σ_j N_j + K ε) · Σ_j N_j} is N with Laplace smoothing, so a code
 * that has not been chosen yet never divides by zero (as in Sonnet's VectorQuantizerEMA).
 *
 * <p>Dead codes: a code whose count {@code N_i} has fallen below {@code restartBelow} is moved onto an
 * encoder output of the current batch drawn at random, with {@code N_i = 1, m_i = e_i} (the restart
 * of Jukebox, Dhariwal et al. 2020). A fresh codebook (every count 0) is placed on encoder outputs
 * of the first batch before that batch is quantised ({@link #placeAll}): it starts on the data,
 * not at random.
 *
 * <p>The state lives in Java arrays (K·D is small): the update is exact, cheap and easy to save;
 * {@link #table} is its copy as an NDArray for the nearest-code search, refreshed after each update.
 */
public final class Codebook implements AutoCloseable {
    static final double EPSILON = 1e-5;

    private final int codes;
    private final int dim;
    private final double decay;
    private final double restartBelow;
    private final float[] embeddings;
    private final double[] counts;
    private final double[] sums;
    private final NDManager manager;
    private NDArray table;

    /** A fresh codebook: every count 0, so the first {@link #update} places every code on the data. */
    Codebook(int codes, int dim, double decay, double restartBelow, NDManager parent) {
        this.codes = codes;
        this.dim = dim;
        this.decay = decay;
        this.restartBelow = restartBelow;
        this.embeddings = new float[codes * dim];
        this.counts = new double[codes];
        this.sums = new double[codes * dim];
        this.manager = parent.newSubManager();
        refresh();
    }

    public int codes() {
        return codes;
    }

    public int dim() {
        return dim;
    }

    /** e as (K, D) float32; replaced by each update, so callers must not keep it across one. */
    public NDArray table() {
        return table;
    }

    /** A copy of e, K rows of D. */
    public float[] embeddings() {
        return embeddings.clone();
    }

    /** A copy of the moving-average counts N. */
    public double[] counts() {
        return counts.clone();
    }

    /** A copy of the moving-average sums m, K rows of D. */
    public double[] sums() {
        return sums.clone();
    }

    /** Replaces the whole state, e.g. from a checkpoint; lengths are checked by the caller. */
    void restore(float[] e, double[] n, double[] m) {
        System.arraycopy(e, 0, embeddings, 0, embeddings.length);
        System.arraycopy(n, 0, counts, 0, counts.length);
        System.arraycopy(m, 0, sums, 0, sums.length);
        refresh();
    }

    /**
     * The index of the nearest code (squared Euclidean distance; the first on ties) of each row of
     * {@code z} (M, D); int64 (M), joins z's manager.
     */
    public NDArray nearest(NDArray z) {
        NDArray zz = z.square().sum(new int[] {1}, true); // (M, 1)
        NDArray ee = table.square().sum(new int[] {1}).reshape(1, codes); // (1, K)
        NDArray cross = z.matMul(table.transpose()); // (M, K)
        NDArray two = z.getManager().create(2f);
        NDArray distances = zz.sub(cross.mul(two)).add(ee); // (M, K)
        return distances.argMin(1); // (M)
    }

    /** The code vectors e_k of {@code indices} (any shape S): (S..., D) float32, joins indices' manager. */
    public NDArray lookup(NDArray indices) {
        Shape s = indices.getShape();
        NDArray flat = indices.reshape(-1).toType(DataType.INT64, false); // (M)
        NDArray oneHot = flat.oneHot(codes, DataType.FLOAT32); // (M, K)
        NDArray q = oneHot.matMul(table); // (M, D)
        return q.reshape(s.addAll(new Shape(dim))); // (S..., D)
    }

    /**
     * One EMA step on a batch of encoder outputs, then the dead-code restarts.
     *
     * @param z the batch's encoder outputs, M rows of D
     * @param assigned each row's nearest code, as {@link #nearest} chose it before this update
     * @param random draws the encoder outputs that restarted codes move to
     * @return the number of codes restarted
     */
    public int update(float[] z, int[] assigned, SplittableRandom random) {
        int rows = assigned.length;
        if (z.length != rows * dim) {
            throw new IllegalArgumentException("codebook update: " + z.length + " values for " + rows + " rows of " + dim);
        }
        double[] batchCounts = new double[codes];
        double[] batchSums = new double[codes * dim];
        for (int r = 0; r < rows; r++) {
            int k = assigned[r];
            batchCounts[k]++;
            for (int d = 0; d < dim; d++) {
                batchSums[k * dim + d] += z[r * dim + d];
            }
        }
        double total = 0;
        for (int k = 0; k < codes; k++) {
            counts[k] = decay * counts[k] + (1 - decay) * batchCounts[k];
            total += counts[k];
            for (int d = 0; d < dim; d++) {
                sums[k * dim + d] = decay * sums[k * dim + d] + (1 - decay) * batchSums[k * dim + d];
            }
        }
        for (int k = 0; k < codes; k++) {
            double smoothed = (counts[k] + EPSILON) / (total + codes * EPSILON) * total;
            for (int d = 0; d < dim; d++) {
                embeddings[k * dim + d] = smoothed > 0 ? (float) (sums[k * dim + d] / smoothed) : 0f;
            }
        }
        int restarted = 0;
        for (int k = 0; k < codes; k++) {
            if (counts[k] < restartBelow) {
                int r = random.nextInt(rows);
                counts[k] = 1;
                for (int d = 0; d < dim; d++) {
                    embeddings[k * dim + d] = z[r * dim + d];
                    sums[k * dim + d] = z[r * dim + d];
                }
                restarted++;
            }
        }
        refresh();
        return restarted;
    }

    /**
     * Places every code on an encoder output of this batch (counts 1), as a restart of all K codes:
     * what a fresh codebook does before its first quantisation, so that it is not all one code.
     */
    void placeAll(float[] z, int rows, SplittableRandom random) {
        for (int k = 0; k < codes; k++) {
            int r = random.nextInt(rows);
            counts[k] = 1;
            for (int d = 0; d < dim; d++) {
                embeddings[k * dim + d] = z[r * dim + d];
                sums[k * dim + d] = z[r * dim + d];
            }
        }
        refresh();
    }

    /** Whether no code has been placed yet (every count is 0): a fresh codebook. */
    boolean isFresh() {
        for (double n : counts) {
            if (n != 0) {
                return false;
            }
        }
        return true;
    }

    private void refresh() {
        NDArray next = manager.create(embeddings, new Shape(codes, dim)); // (K, D)
        if (table != null) {
            table.close();
        }
        table = next;
    }

    @Override
    public void close() {
        manager.close();
    }
}

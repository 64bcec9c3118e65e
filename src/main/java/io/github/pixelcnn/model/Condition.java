package io.github.pixelcnn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.pixelcnn.BadInputException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The paper's h (§2.3) for a batch of N images, as one immutable value: none, class labels,
 * vectors, or an auto-encoder's codes (§3.4) computed once from given images and then fixed, or
 * the auto-encoder's own code ({@link #ownCode()}), which training computes from each batch inside
 * the autograd graph so that the encoder learns.
 *
 * <p>A class model can also be given the marginal over its classes, {@code p(x) = Σ_y p(y) p(x|y)}
 * with a prior p(y): scoring sums over the classes, and sampling refuses it (it needs a class).
 *
 * <p>Every path that runs a model takes a Condition: {@link PixelModel#logits(NDArray, Condition)},
 * the samplers, evaluation and scoring. {@link #requireFits} refuses an h of another kind than the
 * model was trained on, naming both kinds.
 */
public final class Condition {
    private static final Condition NONE = new Condition(Conditioning.NONE, 0, 0, null, null, null);
    /** Size 0: the code's size is the model's bottleneck, whatever it is. */
    private static final Condition OWN_CODE = new Condition(Conditioning.CODE, 0, 0, null, null, null);

    private final Conditioning kind;
    private final int rows;
    private final int size;
    private final int[] labels;
    private final float[] values;
    private final double[] prior;

    private Condition(Conditioning kind, int rows, int size, int[] labels, float[] values, double[] prior) {
        this.kind = kind;
        this.rows = rows;
        this.size = size;
        this.labels = labels;
        this.values = values;
        this.prior = prior;
    }

    /** No h: for unconditional models, whatever the number of images. */
    public static Condition none() {
        return NONE;
    }

    /**
     * The auto-encoder's code of the very images it is given, computed by its encoder inside the
     * forward pass (training's end-to-end path: the encoder learns from the decoder's loss), for
     * any number of images. Every other path encodes once ({@link #encode}) and passes the codes.
     */
    public static Condition ownCode() {
        return OWN_CODE;
    }

    /** One class label per image, each in {@code [0, k)}; h = one-hot(label). */
    public static Condition classes(int[] labels, int k) {
        if (k < 1 || labels.length < 1) {
            throw new BadInputException("class labels: need at least one label and one class, got "
                    + labels.length + " labels of " + k + " classes");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= k) {
                throw new BadInputException(String.format(Locale.ROOT,
                        "class labels: label %d of image %d is outside 0..%d", labels[i], i, k - 1));
            }
        }
        return new Condition(Conditioning.CLASS, labels.length, k, labels.clone(), null, null);
    }

    /** n images of the same class. */
    public static Condition sameClass(int label, int n, int k) {
        int[] labels = new int[n];
        Arrays.fill(labels, label);
        return classes(labels, k);
    }

    /** One vector of size k per image, row-major (N·K); every value finite. */
    public static Condition vectors(float[] rows, int k) {
        return table(Conditioning.VECTOR, rows, k);
    }

    /** Given auto-encoder codes of size M, row-major (N·M), e.g. points between two codes. */
    public static Condition codes(float[] rows, int m) {
        return table(Conditioning.CODE, rows, m);
    }

    /**
     * The codes of n images, computed once by the auto-encoder's encoder (without autograd, in
     * batches of {@code batch}) and fixed from then on.
     *
     * @param images intensities, uint8 (N, C, H, W) flattened
     */
    public static Condition encode(PixelCnnAutoEncoder ae, byte[] images, int n, int batch, NDManager manager) {
        ModelConfig cfg = ae.config();
        int m = cfg.bottleneck();
        int dims = cfg.dims();
        if (n < 1 || images.length < (long) n * dims) {
            throw new BadInputException("images to encode: need " + n + " images of " + dims + " sub-pixels, got "
                    + images.length + " values");
        }
        float[] out = new float[n * m];
        for (int from = 0; from < n; from += batch) {
            int b = Math.min(batch, n - from);
            try (NDManager step = manager.newSubManager()) {
                NDArray x = step.create(java.nio.ByteBuffer.wrap(Arrays.copyOfRange(images, from * dims, (from + b) * dims)),
                        new Shape(b, cfg.imageChannels(), cfg.height(), cfg.width()), DataType.UINT8); // (B, C, H, W)
                float[] h = ae.encode(x).toType(DataType.FLOAT32, false).toFloatArray(); // (B·M)
                System.arraycopy(h, 0, out, from * m, b * m);
            }
        }
        return codes(out, m);
    }

    /**
     * The marginal over a class model's classes with prior p(y): scoring reports
     * {@code log p(x) = logsumexp_y [log p(y) + log p(x|y)]}.
     *
     * @param prior p(y) per class, non-negative, summing to 1 (within 1e-4)
     */
    public static Condition marginal(double[] prior) {
        double sum = 0;
        for (double p : prior) {
            if (!(p >= 0) || Double.isInfinite(p)) {
                throw new BadInputException("class prior: " + Arrays.toString(prior) + " holds a negative or non-finite value");
            }
            sum += p;
        }
        if (prior.length < 1 || Math.abs(sum - 1) > 1e-4) {
            throw new BadInputException("class prior: " + Arrays.toString(prior) + " does not sum to 1");
        }
        return new Condition(Conditioning.CLASS, 0, prior.length, null, null, prior.clone());
    }

    /** The uniform prior over k classes, for checkpoints written before class frequencies were stored. */
    public static double[] uniformPrior(int k) {
        double[] p = new double[k];
        Arrays.fill(p, 1.0 / k);
        return p;
    }

    private static Condition table(Conditioning kind, float[] rows, int k) {
        if (k < 1 || rows.length < k || rows.length % k != 0) {
            throw new BadInputException(kind.describe() + ": " + rows.length + " values do not form rows of size " + k);
        }
        for (int i = 0; i < rows.length; i++) {
            if (!Float.isFinite(rows[i])) {
                throw new BadInputException(String.format(Locale.ROOT, "%s: row %d, column %d is %s; h must be finite",
                        kind.describe(), i / k, i % k, rows[i]));
            }
        }
        return new Condition(kind, rows.length / k, k, null, rows.clone(), null);
    }

    public Conditioning kind() {
        return kind;
    }

    /** True for {@link #ownCode()}: the auto-encoder encodes the images it scores. */
    public boolean isOwnCode() {
        return this == OWN_CODE;
    }

    /** True for the class marginal, which holds a prior instead of labels. */
    public boolean isMarginal() {
        return prior != null;
    }

    /** p(y) of the marginal, or null. */
    public double[] prior() {
        return prior == null ? null : prior.clone();
    }

    /** K, the length of h (the number of classes for class labels); 0 for none. */
    public int size() {
        return size;
    }

    /** N, the number of images this h is for; 0 when it fits any number (none, marginal, own code). */
    public int rows() {
        return rows;
    }

    /** The class labels (N), or null when this is not a per-image class condition. */
    public int[] labels() {
        return labels == null ? null : labels.clone();
    }

    /** The rows of h as given (N·K, row-major), or null for none and class conditions. */
    public float[] values() {
        return values == null ? null : values.clone();
    }

    /** The h of the images {@code indices}, in that order (repeats allowed); none, marginal and own code stay as they are. */
    public Condition select(int[] indices) {
        if (rows == 0) {
            return this;
        }
        for (int i : indices) {
            if (i < 0 || i >= rows) {
                throw new IllegalArgumentException("row " + i + " of an h with " + rows + " rows");
            }
        }
        if (labels != null) {
            int[] out = new int[indices.length];
            Arrays.setAll(out, j -> labels[indices[j]]);
            return new Condition(kind, out.length, size, out, null, null);
        }
        float[] out = new float[indices.length * size];
        for (int j = 0; j < indices.length; j++) {
            System.arraycopy(values, indices[j] * size, out, j * size, size);
        }
        return new Condition(kind, indices.length, size, null, out, null);
    }

    /** The h of images {@code from … from+count-1}. */
    public Condition range(int from, int count) {
        int[] indices = new int[count];
        Arrays.setAll(indices, j -> from + j);
        return select(indices);
    }

    /** Each row {@code times} times in a row: the h of K draws per image, image-major. */
    public Condition repeat(int times) {
        if (rows == 0) {
            return this;
        }
        int[] indices = new int[rows * times];
        Arrays.setAll(indices, j -> j / times);
        return select(indices);
    }

    /**
     * Refuses this h for a model of {@code config} given {@code n} images: another kind than the
     * model was trained on (the message names both), another size K, or another number of rows.
     */
    public void requireFits(ModelConfig config, int n) {
        Conditioning expected = Conditioning.of(config);
        if (kind != expected) {
            throw new BadInputException(String.format(Locale.ROOT, "h: the model was trained on %s, got %s",
                    describe(expected, expectedSize(config)), isOwnCode() ? toString() : describe(kind, size)));
        }
        if (size != expectedSize(config) && !isOwnCode()) {
            throw new BadInputException(String.format(Locale.ROOT, "h: the model takes %s, got %s",
                    describe(expected, expectedSize(config)), describe(kind, size)));
        }
        if (rows != 0 && rows != n) {
            throw new BadInputException(String.format(Locale.ROOT, "h: %d rows for %d images", rows, n));
        }
    }

    /** Refuses the marginal where a single class per image is needed (sampling, completion). */
    public void requirePerImage(String what) {
        if (isMarginal()) {
            throw new BadInputException(what + " needs a class per image, not the marginal over classes");
        }
    }

    /**
     * h as float32 (N, K) on {@code manager}: one-hot labels or the given rows; null for none.
     *
     * @throws IllegalStateException for the marginal, which has no single h, and for the own code,
     *     which only the auto-encoder's forward pass computes
     */
    public NDArray toArray(NDManager manager) {
        if (isMarginal()) {
            throw new IllegalStateException("the class marginal has no single h; evaluate each class");
        }
        if (isOwnCode()) {
            throw new IllegalStateException("the auto-encoder's own code is computed in its forward pass, not given");
        }
        return switch (kind) {
            case NONE -> null;
            case CLASS -> manager.create(labels).toType(DataType.INT64, false).oneHot(size, DataType.FLOAT32); // (N, K)
            case VECTOR, CODE -> manager.create(values, new Shape(rows, size)); // (N, K)
        };
    }

    @Override
    public String toString() {
        if (isOwnCode()) {
            return "the auto-encoder's own code of each image";
        }
        return isMarginal() ? "marginal over " + size + " classes" : describe(kind, size) + (rows > 0 ? " for " + rows + " images" : "");
    }

    private static int expectedSize(ModelConfig config) {
        return config.type() == ModelType.AUTOENCODER ? config.bottleneck() : config.conditionSize();
    }

    private static String describe(Conditioning kind, int size) {
        return switch (kind) {
            case NONE -> "no h (unconditional)";
            case CLASS -> "class labels of " + size + " classes";
            case VECTOR -> "vectors of size " + size;
            case CODE -> "auto-encoder codes of size " + size;
        };
    }
}

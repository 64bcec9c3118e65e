package io.github.pixelcnn.request;

import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.BadParameterException;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.VectorFile;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.ConditionSource;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import java.util.Arrays;

/**
 * What a user asks h to be (§2.3), before it meets a model: nothing, class k, every class, the
 * images' own labels, one row of a vector file, a vector file's row per image, each image's code
 * (the auto-encoder), or the marginal over classes. {@link #forSampling} and {@link #forImages}
 * turn it into the model's {@link Condition}: every check of h against the model and the data,
 * and the class-prior fallback, live here, so the command line, the page and the Spark job agree.
 *
 * <p>A spec that does not fit the model is refused with one line naming what the model takes;
 * parameter errors name the library's parameters ({@code class}, {@code index}), which each front
 * end words as its own flags.
 */
public final class ConditionSpec {
    /** The forms of h a user can ask for. */
    public enum Kind {
        NONE,
        CLASS,
        EVERY_CLASS,
        LABELS,
        VECTOR_ROW,
        VECTORS,
        CODE,
        MARGINAL
    }

    private final Kind kind;
    private final int classIndex;
    private final VectorFile table;
    private final int row;

    private ConditionSpec(Kind kind, int classIndex, VectorFile table, int row) {
        this.kind = kind;
        this.classIndex = classIndex;
        this.table = table;
        this.row = row;
    }

    /** No h: an unconditional model. */
    public static ConditionSpec none() {
        return new ConditionSpec(Kind.NONE, -1, null, -1);
    }

    /** Class {@code k} for every image. */
    public static ConditionSpec ofClass(int k) {
        return new ConditionSpec(Kind.CLASS, k, null, -1);
    }

    /** Sampling: n images of each class, class-major (image i of class i / n). */
    public static ConditionSpec everyClass() {
        return new ConditionSpec(Kind.EVERY_CLASS, -1, null, -1);
    }

    /** Each image's own label. */
    public static ConditionSpec labels() {
        return new ConditionSpec(Kind.LABELS, -1, null, -1);
    }

    /** Row {@code row} of {@code table} for every image: a vector, or an auto-encoder's code. */
    public static ConditionSpec vectorRow(VectorFile table, int row) {
        return new ConditionSpec(Kind.VECTOR_ROW, -1, table, row);
    }

    /** Row i of {@code table} for image i. */
    public static ConditionSpec vectors(VectorFile table) {
        return new ConditionSpec(Kind.VECTORS, -1, table, -1);
    }

    /** The auto-encoder's code of each image as given. */
    public static ConditionSpec code() {
        return new ConditionSpec(Kind.CODE, -1, null, -1);
    }

    /** A class model's log p(x) = logsumexp_y [log p(y) + log p(x|y)]. */
    public static ConditionSpec marginal() {
        return new ConditionSpec(Kind.MARGINAL, -1, null, -1);
    }

    public Kind kind() {
        return kind;
    }

    /** How many images {@link #forSampling} gives h for: n, or n per class for every class. */
    public int count(ModelConfig mc, int n) {
        return kind == Kind.EVERY_CLASS ? n * mc.conditionSize() : n;
    }

    /**
     * h for images drawn from nothing: none, one class, n per class, or one vector row.
     *
     * @throws BadInputException when the spec does not fit the model, or needs images
     */
    public Condition forSampling(ModelConfig mc, int n) {
        Conditioning model = Conditioning.of(mc);
        switch (kind) {
            case NONE -> {
                requireModel(mc, model == Conditioning.NONE);
                return Condition.none();
            }
            case CLASS -> {
                requireModel(mc, model == Conditioning.CLASS);
                return Condition.sameClass(checkClass(mc), n, mc.conditionSize());
            }
            case EVERY_CLASS -> {
                requireModel(mc, model == Conditioning.CLASS);
                int[] labels = new int[n * mc.conditionSize()];
                Arrays.setAll(labels, i -> i / n);
                return Condition.classes(labels, mc.conditionSize());
            }
            case VECTOR_ROW -> {
                requireModel(mc, model == Conditioning.VECTOR || model == Conditioning.CODE);
                int k = requireColumns(mc);
                if (row < 0 || row >= table.rows()) {
                    throw new BadParameterException("index", row + ": outside 0.." + (table.rows() - 1) + " of "
                            + table.name());
                }
                float[] rows = new float[n * k];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(table.values(), row * k, rows, i * k, k);
                }
                return model == Conditioning.CODE ? Condition.codes(rows, k) : Condition.vectors(rows, k);
            }
            default -> throw new BadInputException(describe() + " needs images, and a sample has none to give it");
        }
    }

    /**
     * Where the h of each image of {@code data} comes from, for completion and scoring.
     *
     * @param storedPrior p(y) stored with a class model's checkpoint, or null; see {@link #prior}
     * @throws BadInputException when the spec does not fit the model or the data
     */
    public ConditionSource forImages(PixelModel model, double[] storedPrior, ImageDataset data) {
        ModelConfig mc = model.config();
        Conditioning kind = Conditioning.of(mc);
        return switch (this.kind) {
            case NONE -> {
                requireModel(mc, kind == Conditioning.NONE);
                yield ConditionSource.of(model, data);
            }
            case CODE -> {
                requireModel(mc, kind == Conditioning.CODE);
                yield ConditionSource.of(model, data);
            }
            case CLASS -> {
                requireModel(mc, kind == Conditioning.CLASS);
                yield ConditionSource.given(model, data, Condition.sameClass(checkClass(mc), data.size(),
                        mc.conditionSize()));
            }
            case LABELS -> {
                requireModel(mc, kind == Conditioning.CLASS);
                yield ConditionSource.given(model, data, labelsOf(data, mc.conditionSize()));
            }
            case VECTORS -> {
                requireModel(mc, kind == Conditioning.VECTOR);
                int k = requireColumns(mc);
                if (table.rows() != data.size()) {
                    throw new BadInputException(table.name() + ": " + table.rows() + " vectors for " + data.size()
                            + " images in " + data.name());
                }
                yield ConditionSource.given(model, data, Condition.vectors(table.values(), k));
            }
            case MARGINAL -> {
                requireModel(mc, kind == Conditioning.CLASS);
                yield ConditionSource.given(model, data, Condition.marginal(prior(storedPrior, mc.conditionSize())));
            }
            default -> throw new BadInputException(describe() + " is for sampling; give each image its own h");
        };
    }

    /**
     * p(y) for a class model's marginal: the training split's class frequencies stored with its
     * checkpoint, or uniform for a checkpoint from before they were stored (or of another size).
     */
    public static double[] prior(double[] stored, int k) {
        return stored != null && stored.length == k ? stored : Condition.uniformPrior(k);
    }

    /** Whether {@link #prior} falls back to uniform for this stored prior. */
    public static boolean priorIsUniform(double[] stored, int k) {
        return stored == null || stored.length != k;
    }

    private int checkClass(ModelConfig mc) {
        int k = mc.conditionSize();
        if (classIndex < 0 || classIndex >= k) {
            throw new BadParameterException("class", "must be in 0.." + (k - 1) + ", got " + classIndex);
        }
        return classIndex;
    }

    private int requireColumns(ModelConfig mc) {
        int k = Conditioning.of(mc) == Conditioning.CODE ? mc.bottleneck() : mc.conditionSize();
        if (table.columns() != k) {
            throw new BadInputException(table.name() + ": vectors of size " + table.columns() + ", the model takes " + k);
        }
        return k;
    }

    private static Condition labelsOf(ImageDataset data, int k) {
        if (!data.hasLabels()) {
            throw new BadInputException(data.name() + ": no labels for this class-conditional model; give one class"
                    + " for every image, or score by the marginal over classes");
        }
        int[] labels = new int[data.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = data.label(i);
            if (labels[i] >= k) {
                throw new BadInputException(data.name() + ": label " + labels[i] + " of image " + i
                        + " is beyond the model's " + k + " classes");
            }
        }
        return Condition.classes(labels, k);
    }

    private void requireModel(ModelConfig mc, boolean fits) {
        if (!fits) {
            Conditioning model = Conditioning.of(mc);
            if (kind == Kind.NONE) {
                throw new BadInputException("this model is conditioned on " + model.describe() + "; give its h");
            }
            throw new BadInputException(describe() + " does not apply to " + (model == Conditioning.NONE
                    ? "an unconditional model" : "a model conditioned on " + model.describe()));
        }
    }

    /** The spec in words, for messages: "a class", "the class marginal", … */
    private String describe() {
        return switch (kind) {
            case NONE -> "no h";
            case CLASS -> "a class";
            case EVERY_CLASS -> "every class";
            case LABELS -> "the images' labels";
            case VECTOR_ROW, VECTORS -> "a vector";
            case CODE -> "an image's code";
            case MARGINAL -> "the class marginal";
        };
    }
}

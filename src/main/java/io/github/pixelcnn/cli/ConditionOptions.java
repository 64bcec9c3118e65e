package io.github.pixelcnn.cli;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.VectorFile;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.ConditionSource;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelCnnAutoEncoder;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.train.Checkpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The one place where flags become the model's h (a {@link Condition}), for sample, complete,
 * score and eval. A flag that does not apply to the model or the command is refused with one line,
 * never ignored; what h each command uses for each model kind is the README's table.
 */
public final class ConditionOptions {
    @Option(names = "--class", description = "class-conditional model: the class of every image"
            + " (complete, score: instead of the images' labels)")
    Integer classIndex;

    @Option(names = "--classes", description = "sample, class-conditional model: 'all' draws a row of --n images per class")
    String classes;

    @Option(names = "--vectors", description = "vector-conditional model: .npy or CSV whose row i is h of input image i"
            + " (complete, score, eval)")
    Path vectors;

    @Option(names = "--vector-from", description = "sample, vector-conditional model or auto-encoder:"
            + " .npy or CSV of vectors or codes (e.g. from pixelcnn encode)")
    Path vectorFrom;

    @Option(names = "--index", description = "row of --vector-from to condition on (default: 0)")
    Integer index;

    @Option(names = "--marginal", description = "class-conditional model (score, eval): report log p(x) ="
            + " logsumexp_y [log p(y) + log p(x|y)], p(y) the training split's class frequencies;"
            + " the default for images without labels")
    boolean marginal;

    /** What {@code sample} draws: h for every image, how many, and the grid's width. */
    record Draw(Condition condition, int count, int columns, String given) {}

    /** h for {@code sample}: n images of one class, a row per class, or n given one row of --vector-from. */
    Draw forSampling(ModelConfig mc, int n) {
        refuse("sample", vectors != null, "--vectors", "--marginal", marginal);
        Conditioning kind = Conditioning.of(mc);
        refuseIndexWithoutFile();
        int square = (int) Math.ceil(Math.sqrt(n));
        switch (kind) {
            case NONE -> {
                refuseFlags(mc, classIndex != null, "--class", classes != null, "--classes", vectorFrom != null,
                        "--vector-from");
                return new Draw(Condition.none(), n, square, "unconditional");
            }
            case CLASS -> {
                refuseFlags(mc, vectorFrom != null, "--vector-from", false, "", false, "");
                int k = mc.conditionSize();
                if (classes != null && classIndex != null) {
                    throw new BadInputException("--class and --classes contradict each other; give one");
                }
                if (classes != null) {
                    if (!classes.equals("all")) {
                        throw new BadInputException("--classes takes only 'all', got " + classes);
                    }
                    int[] labels = new int[n * k];
                    Arrays.setAll(labels, i -> i / n);
                    return new Draw(Condition.classes(labels, k), n * k, n, "one row per class");
                }
                if (classIndex == null) {
                    throw new BadInputException("a class-conditional model of " + k
                            + " classes: choose --class 0.." + (k - 1) + " or --classes all");
                }
                return new Draw(Condition.sameClass(checkClass(k), n, k), n, square, "class " + classIndex);
            }
            default -> {
                refuseFlags(mc, classIndex != null, "--class", classes != null, "--classes", false, "");
                if (vectorFrom == null) {
                    throw new BadInputException("this model is conditioned on " + kind.describe()
                            + "; give --vector-from FILE [--index I] (for an auto-encoder, codes from pixelcnn encode)");
                }
                VectorFile table = readTable(vectorFrom, mc);
                int row = index == null ? 0 : index;
                if (row < 0 || row >= table.rows()) {
                    throw new BadInputException("--index " + row + ": outside 0.." + (table.rows() - 1) + " of " + vectorFrom);
                }
                float[] rows = new float[n * table.columns()];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(table.values(), row * table.columns(), rows, i * table.columns(), table.columns());
                }
                Condition h = kind == Conditioning.CODE ? Condition.codes(rows, table.columns())
                        : Condition.vectors(rows, table.columns());
                return new Draw(h, n, square, "row " + row + " of " + vectorFrom);
            }
        }
    }

    /**
     * h for {@code complete}: the inputs' labels or --class, --vectors, or, for the auto-encoder, the
     * code of each occluded input (kept pixels as given, hidden ones gray), so that the hidden
     * pixels cannot shape the completion.
     *
     * @param occluded the first {@code count} inputs as the model may see them
     */
    Condition forCompletion(PixelModel model, ImageDataset data, Path input, byte[] occluded, int count,
            NDManager manager) {
        ModelConfig mc = model.config();
        refuse("complete", classes != null, "--classes", "--marginal", marginal);
        refuse("complete", vectorFrom != null, "--vector-from", "--index", index != null);
        if (Conditioning.of(mc) == Conditioning.CODE) {
            refuseFlags(mc, classIndex != null, "--class", vectors != null, "--vectors", false, "");
            return Condition.encode((PixelCnnAutoEncoder) model, occluded, count, 64, manager);
        }
        return perImage(mc, data, input.toString()).range(0, count);
    }

    /**
     * Where score and eval take h from, for {@code data}: labels (or --class, score only), the class
     * marginal (--marginal, or images without labels), --vectors, or the auto-encoder's code of each
     * image as given.
     */
    ConditionSource forScoring(String command, Checkpoint ckpt, PixelModel model, ImageDataset data, String where) {
        ModelConfig mc = model.config();
        refuse(command, classes != null, "--classes", "--vector-from", vectorFrom != null);
        refuse(command, index != null, "--index", "--class", command.equals("eval") && classIndex != null);
        Conditioning kind = Conditioning.of(mc);
        if (kind == Conditioning.CLASS && (marginal || (classIndex == null && !data.hasLabels()))) {
            refuseFlags(mc, classIndex != null, "--class", vectors != null, "--vectors", false, "");
            return ConditionSource.given(model, data, Condition.marginal(prior(ckpt, mc)));
        }
        refuseFlags(mc, marginal, "--marginal", false, "", false, "");
        if (kind == Conditioning.CODE || kind == Conditioning.NONE) {
            refuseFlags(mc, classIndex != null, "--class", vectors != null, "--vectors", false, "");
            return ConditionSource.of(model, data);
        }
        return ConditionSource.given(model, data, perImage(mc, data, where));
    }

    /** One line saying what a score or evaluation is conditioned on. */
    String describeScoring(Checkpoint ckpt, ModelConfig mc, ImageDataset data) {
        Conditioning kind = Conditioning.of(mc);
        return switch (kind) {
            case NONE -> "unconditional";
            case CLASS -> {
                if (marginal || (classIndex == null && !data.hasLabels())) {
                    yield "log p(x) marginalised over " + mc.conditionSize() + " classes, "
                            + (ckpt.classPrior() != null
                                    ? "p(y) = the training split's class frequencies"
                                    : "p(y) uniform: this checkpoint predates stored class frequencies")
                            + (marginal ? "" : "; the images have no labels");
                }
                yield classIndex != null ? "conditional on class " + classIndex : "conditional on each image's label";
            }
            case VECTOR -> "conditional on " + mc.conditionSize() + "-d vectors, " + mc.form().name().toLowerCase(Locale.ROOT);
            case CODE -> "conditional on the encoder's " + mc.bottleneck() + "-d code, "
                    + mc.form().name().toLowerCase(Locale.ROOT);
        };
    }

    /** h for each image of {@code data} of a class or vector model: labels, --class, or --vectors rows. */
    private Condition perImage(ModelConfig mc, ImageDataset data, String input) {
        switch (Conditioning.of(mc)) {
            case NONE -> {
                refuseFlags(mc, classIndex != null, "--class", vectors != null, "--vectors", false, "");
                return Condition.none();
            }
            case CLASS -> {
                refuseFlags(mc, vectors != null, "--vectors", false, "", false, "");
                int k = mc.conditionSize();
                if (classIndex != null) {
                    return Condition.sameClass(checkClass(k), data.size(), k);
                }
                if (!data.hasLabels()) {
                    throw new BadInputException(input + ": no labels; give --class for this class-conditional model");
                }
                int[] labels = new int[data.size()];
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = data.label(i);
                    if (labels[i] >= k) {
                        throw new BadInputException(input + ": label " + labels[i] + " of image " + i
                                + " is beyond the model's " + k + " classes");
                    }
                }
                return Condition.classes(labels, k);
            }
            case VECTOR -> {
                refuseFlags(mc, classIndex != null, "--class", false, "", false, "");
                if (vectors == null) {
                    throw new BadInputException("this model is conditioned on vectors; give --vectors FILE"
                            + " (row i for input image i)");
                }
                VectorFile table = readTable(vectors, mc);
                if (table.rows() != data.size()) {
                    throw new BadInputException(vectors + ": " + table.rows() + " vectors for " + data.size()
                            + " images in " + input);
                }
                return Condition.vectors(table.values(), table.columns());
            }
            default -> throw new IllegalStateException("the auto-encoder's h is its code");
        }
    }

    private int checkClass(int k) {
        if (classIndex < 0 || classIndex >= k) {
            throw new BadInputException("--class must be in 0.." + (k - 1) + ", got " + classIndex);
        }
        return classIndex;
    }

    private static double[] prior(Checkpoint ckpt, ModelConfig mc) {
        double[] stored = ckpt.classPrior();
        return stored != null && stored.length == mc.conditionSize() ? stored : Condition.uniformPrior(mc.conditionSize());
    }

    private static VectorFile readTable(Path file, ModelConfig mc) {
        VectorFile table = VectorFile.read(file);
        int k = Conditioning.of(mc) == Conditioning.CODE ? mc.bottleneck() : mc.conditionSize();
        if (table.columns() != k) {
            throw new BadInputException(file + ": vectors of size " + table.columns() + ", the model takes " + k);
        }
        return table;
    }

    private void refuseIndexWithoutFile() {
        if (index != null && vectorFrom == null) {
            throw new BadInputException("--index picks a row of --vector-from; give --vector-from FILE");
        }
    }

    /** Flags that the command does not take, whatever the model. */
    private static void refuse(String command, boolean a, String flagA, String flagB, boolean b) {
        List<String> given = new ArrayList<>();
        if (a) {
            given.add(flagA);
        }
        if (b) {
            given.add(flagB);
        }
        if (!given.isEmpty()) {
            throw new BadInputException(String.join(", ", given) + ": does not apply to " + command);
        }
    }

    /** Flags that do not apply to this model's kind of h. */
    private static void refuseFlags(ModelConfig mc, boolean a, String flagA, boolean b, String flagB, boolean c,
            String flagC) {
        List<String> given = new ArrayList<>();
        if (a) {
            given.add(flagA);
        }
        if (b) {
            given.add(flagB);
        }
        if (c) {
            given.add(flagC);
        }
        if (!given.isEmpty()) {
            Conditioning kind = Conditioning.of(mc);
            throw new BadInputException(String.join(", ", given) + ": does not apply to "
                    + (kind == Conditioning.NONE ? "an unconditional model" : "a model conditioned on " + kind.describe()));
        }
    }
}

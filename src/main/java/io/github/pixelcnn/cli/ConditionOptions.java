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
import io.github.pixelcnn.request.ConditionSpec;
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
            + " (complete, score: instead of the images' labels; default: the labels, and sample asks for it)")
    Integer classIndex;

    @Option(names = "--classes", description = "sample, class-conditional model: 'all' draws a row of --n images per class"
            + " (default: one class, --class)")
    String classes;

    @Option(names = "--vectors", description = "vector-conditional model: .npy or CSV whose row i is h of input image i"
            + " (complete, score, eval; default: none, required for such a model)")
    Path vectors;

    @Option(names = "--vector-from", description = "sample, vector-conditional model or auto-encoder:"
            + " .npy or CSV of vectors or codes (e.g. from pixelcnn encode; default: none, required for those models)")
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
        ConditionSpec spec;
        String given;
        switch (kind) {
            case NONE -> {
                refuseFlags(mc, classIndex != null, "--class", classes != null, "--classes", vectorFrom != null,
                        "--vector-from");
                spec = ConditionSpec.none();
                given = "unconditional";
            }
            case CLASS -> {
                refuseFlags(mc, vectorFrom != null, "--vector-from", false, "", false, "");
                int k = mc.conditionSize();
                if (classes != null && classIndex != null) {
                    throw new BadInputException("--class and --classes contradict each other; give one");
                }
                if (classes != null && !classes.equals("all")) {
                    throw new BadInputException("--classes takes only 'all', got " + classes);
                }
                if (classes == null && classIndex == null) {
                    throw new BadInputException("a class-conditional model of " + k
                            + " classes: choose --class 0.." + (k - 1) + " or --classes all");
                }
                spec = classes != null ? ConditionSpec.everyClass() : ConditionSpec.ofClass(classIndex);
                given = classes != null ? "one row per class" : "class " + classIndex;
            }
            default -> {
                refuseFlags(mc, classIndex != null, "--class", classes != null, "--classes", false, "");
                if (vectorFrom == null) {
                    throw new BadInputException("this model is conditioned on " + kind.describe()
                            + "; give --vector-from FILE [--index I] (for an auto-encoder, codes from pixelcnn encode)");
                }
                int row = index == null ? 0 : index;
                spec = ConditionSpec.vectorRow(VectorFile.read(vectorFrom), row);
                given = "row " + row + " of " + vectorFrom;
            }
        }
        boolean grid = spec.kind() == ConditionSpec.Kind.EVERY_CLASS;
        return new Draw(spec.forSampling(mc, n), spec.count(mc, n), grid ? n : square, given);
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
        int[] first = new int[count];
        Arrays.setAll(first, i -> i);
        return perImage(mc, data, input.toString()).forImages(model, null, data).forImages(first, occluded, manager);
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
            if (marginal && classIndex != null) {
                throw new BadInputException("--class and --marginal contradict each other; give one");
            }
            refuseFlags(mc, vectors != null, "--vectors", false, "", false, "");
            return ConditionSpec.marginal().forImages(model, ckpt.classPrior(), data);
        }
        refuseFlags(mc, marginal, "--marginal", false, "", false, "");
        if (kind == Conditioning.CODE) {
            refuseFlags(mc, classIndex != null, "--class", vectors != null, "--vectors", false, "");
            return ConditionSpec.code().forImages(model, null, data);
        }
        return perImage(mc, data, where).forImages(model, ckpt.classPrior(), data);
    }

    /** One line saying what a score or evaluation is conditioned on. */
    String describeScoring(Checkpoint ckpt, ModelConfig mc, ImageDataset data) {
        Conditioning kind = Conditioning.of(mc);
        return switch (kind) {
            case NONE -> "unconditional";
            case CLASS -> {
                if (marginal || (classIndex == null && !data.hasLabels())) {
                    yield "log p(x) marginalised over " + mc.conditionSize() + " classes, "
                            + (!ConditionSpec.priorIsUniform(ckpt.classPrior(), mc.conditionSize())
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

    /** What h each image of {@code data} gets from the flags: none, its label or --class, or its row of --vectors. */
    private ConditionSpec perImage(ModelConfig mc, ImageDataset data, String input) {
        switch (Conditioning.of(mc)) {
            case NONE -> {
                refuseFlags(mc, classIndex != null, "--class", vectors != null, "--vectors", false, "");
                return ConditionSpec.none();
            }
            case CLASS -> {
                refuseFlags(mc, vectors != null, "--vectors", false, "", false, "");
                if (classIndex != null) {
                    return ConditionSpec.ofClass(classIndex);
                }
                if (!data.hasLabels()) {
                    throw new BadInputException(input + ": no labels; give --class for this class-conditional model");
                }
                return ConditionSpec.labels();
            }
            case VECTOR -> {
                refuseFlags(mc, classIndex != null, "--class", false, "", false, "");
                if (vectors == null) {
                    throw new BadInputException("this model is conditioned on vectors; give --vectors FILE"
                            + " (row i for input image i)");
                }
                return ConditionSpec.vectors(VectorFile.read(vectors));
            }
            default -> throw new IllegalStateException("the auto-encoder's h is its code");
        }
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

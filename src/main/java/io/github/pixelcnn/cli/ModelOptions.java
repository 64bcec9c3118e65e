package io.github.pixelcnn.cli;

import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.VectorFile;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ConditioningForm;
import io.github.pixelcnn.model.InputEncoding;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.ModelType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The model options of {@code train}, turned into a {@link ModelConfig}. */
final class ModelOptions {
    @Spec(Spec.Target.MIXEE) CommandSpec spec;

    @Option(names = "--model", defaultValue = "gated", description = "gated | pixelcnn | autoencoder | vqvae (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--bottleneck", defaultValue = "10", description = "auto-encoder code size M (default: ${DEFAULT-VALUE})")
    int bottleneck;

    @Option(names = "--form", defaultValue = "global",
            description = "how h enters the gates: global | spatial | both (default: ${DEFAULT-VALUE})")
    String form;

    @Option(names = "--map-channels", defaultValue = "16",
            description = "channels of the spatial map m(h) (default: ${DEFAULT-VALUE})")
    int mapChannels;

    @Option(names = "--layers", defaultValue = "15", description = "gated layers or residual blocks (default: ${DEFAULT-VALUE})")
    int layers;

    @Option(names = "--channels", defaultValue = "64",
            description = "feature maps per stack (default: ${DEFAULT-VALUE}; " + ColourGroups.RGB_CHANNELS + " for RGB data)")
    int channels;

    @Option(names = "--kernel", defaultValue = "3",
            description = "kernel of layers after the first, which is 7x7 (default: ${DEFAULT-VALUE})")
    int kernel;

    @Option(names = "--head", defaultValue = "512",
            description = "width of the output head (default: ${DEFAULT-VALUE}; " + ColourGroups.TRAIN_RGB_HEAD + " for RGB data)")
    int head;

    @Option(names = "--input-encoding", defaultValue = "embed",
            description = "how a sub-pixel's level enters the network: embed (a learned vector per level and colour) | "
                    + "float (the level scaled to [-1, 1], as in older checkpoints) (default: ${DEFAULT-VALUE})")
    String inputEncoding;

    @Option(names = "--conditional", defaultValue = "class",
            description = "class | none | vector:FILE (.npy or CSV, one row per training image; default: ${DEFAULT-VALUE})")
    String conditional;

    @Option(names = "--test-vectors", description = "with vector:FILE, the test split's vectors (default: none)") Path testVectors;

    /** {@code data} with its vector file attached when h is a vector; {@code test} picks the split's file. */
    ImageDataset withVectors(ImageDataset data, boolean test) {
        if (testVectors != null && !conditional.startsWith("vector:")) {
            throw new BadInputException("--test-vectors: does not apply to --conditional " + conditional);
        }
        if (!conditional.startsWith("vector:")) {
            return data;
        }
        if (testVectors == null) {
            throw new BadInputException("--conditional vector: needs --test-vectors FILE for the test split");
        }
        Path trainFile = Path.of(conditional.substring("vector:".length()));
        if (!test) {
            return data.withVectors(VectorFile.read(trainFile));
        }
        VectorFile vectors = VectorFile.read(testVectors);
        int trainColumns = VectorFile.read(trainFile).columns();
        if (vectors.columns() != trainColumns) {
            throw new BadInputException(testVectors + ": vectors of size " + vectors.columns() + ", the training"
                    + " split's " + trainFile + " has " + trainColumns);
        }
        return data.withVectors(vectors);
    }

    /**
     * The model the options describe. When resuming, {@code run} is the run's own model and only
     * the options given on the command line change it, so that any difference is one the user asked for.
     */
    ModelConfig config(ImageDataset train, ModelConfig run) {
        boolean all = run == null;
        ModelConfig.Builder b = all ? ModelConfig.builder().setImage(train.channels(), train.height(), train.width())
                .optLevels(train.levels()) : run.toBuilder();
        if (all || given("--layers")) {
            b.optLayers(layers);
        }
        // A resumed run keeps its widths; one given is checked against the run's, not refitted.
        ColourGroups.Widths widths = all ? colourWidths(train) : new ColourGroups.Widths(channels, head, List.of());
        if (all || given("--channels")) {
            b.optChannels(widths.channels());
        }
        if (all || given("--input-encoding")) {
            try {
                b.optInput(InputEncoding.parse(inputEncoding));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--input-encoding: " + e.getMessage());
            }
        }
        if (all || given("--kernel")) {
            b.optKernels(7, kernel);
        }
        if (all || given("--head")) {
            b.optHeadChannels(widths.head());
        }
        ConditioningForm f = switch (form) {
            case "global" -> ConditioningForm.GLOBAL;
            case "spatial" -> ConditioningForm.SPATIAL;
            case "both" -> ConditioningForm.BOTH;
            default -> throw new BadInputException("--form must be global, spatial or both, got " + form);
        };
        if (all || given("--form") || given("--map-channels")) {
            b.optForm(f, f.spatial() ? mapChannels : 0);
        }
        ModelType type = !all && !given("--model") ? run.type() : switch (model) {
            case "gated" -> ModelType.GATED;
            case "pixelcnn" -> ModelType.PIXELCNN;
            case "autoencoder" -> ModelType.AUTOENCODER;
            default -> throw new BadInputException("--model must be gated, pixelcnn or autoencoder, got " + model);
        };
        if (type == ModelType.AUTOENCODER) {
            if (conditional.startsWith("vector:")) {
                throw new BadInputException("--model autoencoder conditions on its own code; drop --conditional vector:");
            }
            return all || given("--model") || given("--bottleneck") ? b.optAutoEncoder(bottleneck).build() : b.build();
        }
        b.optType(type).optBottleneck(0);
        if (all || given("--conditional")) {
            Conditioning cond = conditioning(train);
            if (f.spatial() && cond == Conditioning.NONE) {
                throw new BadInputException(
                        "--form " + form + " needs an h: --conditional class|vector:FILE or --model autoencoder");
            }
            b.optConditioning(cond, switch (cond) {
                case VECTOR -> train.vectors().columns();
                case CLASS -> train.numClasses();
                case NONE, CODE -> 0; // conditioning() never names CODE: the auto-encoder is a type
            });
        }
        return b.build();
    }

    /**
     * The defaults that {@link #config} replaced to fit the data, as flags with their values
     * (e.g. {@code --channels 48}), or none: the output says so, so that no default changes silently.
     */
    List<String> adaptedDefaults(ImageDataset train, ModelConfig run) {
        return run != null ? List.of() : colourWidths(train).adapted();
    }

    private ColourGroups.Widths colourWidths(ImageDataset train) {
        return ColourGroups.fit(train.channels(), ColourGroups.TRAIN_RGB_HEAD, channels, given("--channels"), head,
                given("--head"));
    }

    /**
     * Flags given that the model built does not use, each as one line to print: they are accepted
     * (command lines that worked keep working) but never ignored silently.
     */
    List<String> unusedFlags(ModelConfig built) {
        List<String> unused = new ArrayList<>();
        if (given("--bottleneck") && built.type() != ModelType.AUTOENCODER) {
            unused.add("--bottleneck applies to --model autoencoder only; ignored");
        }
        if (given("--map-channels") && !built.form().spatial()) {
            unused.add("--map-channels sizes the spatial map of --form spatial or both, not "
                    + built.form().name().toLowerCase(java.util.Locale.ROOT) + "; ignored");
        }
        return unused;
    }

    private Conditioning conditioning(ImageDataset train) {
        if (conditional.startsWith("vector:")) {
            return Conditioning.VECTOR;
        }
        Conditioning cond = switch (conditional) {
            case "class" -> Conditioning.CLASS;
            case "none" -> Conditioning.NONE;
            default -> throw new BadInputException("--conditional must be class, none or vector:FILE, got " + conditional);
        };
        if (cond == Conditioning.CLASS && !train.hasLabels()) {
            throw new BadInputException(train.name() + ": --conditional class needs labels; use --conditional none");
        }
        return cond;
    }

    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }
}

package io.github.pixelcnn.cli;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.data.DataSource;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.Split;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.repro.Entry;
import io.github.pixelcnn.repro.ModelResult;
import io.github.pixelcnn.repro.Plan;
import io.github.pixelcnn.repro.ReproConfig;
import io.github.pixelcnn.repro.Reproduction;
import io.github.pixelcnn.repro.Results;
import io.github.pixelcnn.repro.Row;
import io.github.pixelcnn.train.TrainConfig;
import io.github.pixelcnn.train.TrainState;
import io.github.pixelcnn.train.TrainingListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pixelcnn reproduce}: the paper's comparisons, every model at the same budget. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Train the paper's comparisons (masked vs gated, class-conditional, auto-encoder) for the same"
                + " budget each; write results.md, results.json and curves.png.")
public final class ReproduceCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;

    @ArgGroup(exclusive = true, multiplicity = "1") Budget budget;

    /** One budget per model: wall-clock minutes, as the paper's equal-time comparison, or steps, which repeat anywhere. */
    static final class Budget {
        @Option(names = "--minutes-per-model", description = "training time of each model, in minutes")
        double minutes;
        @Option(names = "--steps-per-model", description = "optimizer steps of each model (instead of minutes)")
        long steps;
    }
    @Option(names = "--out", required = true,
            description = "folder of the reproduction: one run directory per model and the results; run the same"
                    + " command again to resume it")
    Path out;
    @Option(names = "--dataset", defaultValue = "fashion-mnist", description = OptionText.DATASET + " (default: ${DEFAULT-VALUE})")
    String dataset;
    @Mixin ResizeOption resize;
    @Option(names = "--seed", defaultValue = "42", description = "seed of every model; the noise row adds 1, 2, … (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--rows", defaultValue = "a,b,c",
            description = "comparisons: a = masked vs Gated PixelCNN at equal parameters, b = unconditional vs"
                    + " class-conditional, c = auto-encoder (M = 10, 32; global, spatial code) vs its decoder alone"
                    + " (default: ${DEFAULT-VALUE})")
    String rows;
    @Option(names = "--noise-seeds", defaultValue = "2",
            description = "seeds of the unconditional Gated PixelCNN; their spread decides which differences count,"
                    + " 1 = none (default: ${DEFAULT-VALUE})")
    int noiseSeeds;
    @Option(names = "--layers", defaultValue = "6", description = "gated layers of every model (default: ${DEFAULT-VALUE})") int layers;
    @Option(names = "--channels", defaultValue = "32",
            description = "channels of the gated models; the masked PixelCNN gets the count that matches its parameters"
                    + " (default: ${DEFAULT-VALUE}; " + ColourGroups.RGB_CHANNELS + " for RGB images)")
    int channels;
    @Option(names = "--kernel", defaultValue = "3", description = "kernel of layers after the first, which is 7x7 (default: ${DEFAULT-VALUE})")
    int kernel;
    @Option(names = "--head", defaultValue = "128",
            description = "width of the output head (default: ${DEFAULT-VALUE}; " + ColourGroups.REPRODUCE_RGB_HEAD + " for RGB images)")
    int head;
    @Option(names = "--map-channels", defaultValue = "16", description = "channels of the spatial code's map m(h) (default: ${DEFAULT-VALUE})")
    int mapChannels;
    @Option(names = "--batch", defaultValue = "32", description = "images per step (default: ${DEFAULT-VALUE})") int batch;
    @Option(names = "--lr", defaultValue = "0.002", description = "Adam's learning rate (default: ${DEFAULT-VALUE})") float lr;
    @Option(names = "--eval-limit", defaultValue = "1000",
            description = "test images per epoch-end evaluation while training; the final figure takes them all"
                    + " (default: ${DEFAULT-VALUE})")
    int evalLimit;
    @Option(names = "--train-eval-limit", defaultValue = "10000",
            description = "training images evaluated at the end, beside the test split (default: ${DEFAULT-VALUE})")
    int trainEvalLimit;

    @Override
    public Integer call() {
        common.requireFp32("reproduce trains and evaluates every model in fp32");
        DataSource source = DataSource.parse(dataset).withResize(resize.forNewModel());
        ImageDataset train = source.load(Split.TRAIN);
        ImageDataset test = source.expecting(train.height(), train.width()).load(Split.TEST);
        ColourGroups.Widths widths = ColourGroups.fit(train.channels(), ColourGroups.REPRODUCE_RGB_HEAD, channels,
                given("--channels"), head, given("--head"));
        ColourGroups.report(widths.adapted());
        ModelConfig gated = ModelConfig.builder().setImage(train.channels(), train.height(), train.width())
                .optLayers(layers).optChannels(widths.channels()).optKernels(7, kernel).optHeadChannels(widths.head())
                .build();
        ReproConfig config = ReproConfig.builder().setModel(gated).setMinutesPerModel(budget.minutes)
                .setStepsPerModel(budget.steps).optSeed(seed)
                .optRows(Row.parse(rows)).optNoiseSeeds(noiseSeeds).optBatchSize(batch).optLearningRate(lr)
                .optMapChannels(mapChannels).optTrainEvalImages(trainEvalLimit).optEpochEvalImages(evalLimit).build();
        Optional<Results> results;
        try (NDManager manager = common.newManager(); Progress progress = new Progress()) {
            results = Reproduction.run(out, config, train, test, command(), progress, manager);
        } finally {
            System.out.flush();
        }
        if (results.isEmpty()) {
            System.out.println("stopped; run the same command again to resume");
            return Main.FAILURE;
        }
        results.get().writeTo(out);
        for (Results.Verdict v : results.get().verdicts()) {
            System.out.printf(Locale.ROOT, "row %s, %s vs %s: %+.4f bits/dim, %s%n", v.row(), v.candidate(),
                    v.baseline(), v.difference(), v.verdict());
        }
        System.out.println("results: " + out.resolve(Results.MARKDOWN).toAbsolutePath() + ", "
                + out.resolve(Results.JSON).getFileName() + ", " + out.resolve(Results.CURVES).getFileName());
        return Main.OK;
    }

    private boolean given(String flag) {
        return spec.commandLine().getParseResult().hasMatchedOption(flag);
    }

    /** The command as typed, for the results: arguments with spaces are quoted. */
    private String command() {
        return "./pixelcnn " + spec.commandLine().getParseResult().originalArgs().stream()
                .map(a -> a.isEmpty() || a.matches(".*[\\s\"'$].*") ? "'" + a.replace("'", "'\\''") + "'" : a)
                .collect(Collectors.joining(" "));
    }

    /** One line per model and a progress bar while it trains. */
    private static final class Progress implements Reproduction.Listener, AutoCloseable {
        private ProgressBarListener bar;
        private ProgressBar evaluation;

        @Override
        public void onPlan(Plan plan, List<Long> parameters) {
            for (int i = 0; i < plan.entries().size(); i++) {
                Entry e = plan.entries().get(i);
                ModelConfig c = e.config();
                System.out.printf(Locale.ROOT, "%-18s %s, %s: %d layers, %d channels, head %d; %,d parameters; rows %s%n",
                        e.id(), e.model(), e.conditioning(), c.layers(), c.channels(), c.headChannels(),
                        parameters.get(i), String.join(", ", e.rows()));
            }
        }

        @Override
        public TrainingListener onTraining(Entry entry, int index, int total, TrainState from, TrainConfig session) {
            close();
            System.out.printf(Locale.ROOT, "[%d/%d] %s: %s for %s%n", index + 1, total, entry.id(),
                    from.step() > 0 ? "resuming at step " + from.step() : "training", session.maxSteps() > 0
                            ? String.format(Locale.ROOT, "%,d steps", session.maxSteps() - from.step())
                            : String.format(Locale.ROOT, "%.2f minutes", session.minutes()));
            bar = new ProgressBarListener(session.minutes());
            return bar;
        }

        /** A bar like eval's: the whole test split and the training images take minutes per model. */
        @Override
        public IntConsumer onEvaluating(Entry entry, int images) {
            close();
            System.out.println(entry.id() + ": evaluating the test split and the training images");
            evaluation = new ProgressBarBuilder().setTaskName("eval " + entry.id()).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(1000).setInitialMax(images).setUnit(" images", 1).build();
            return evaluation::stepTo;
        }

        @Override
        public void onResult(Entry entry, ModelResult r, boolean earlier) {
            close();
            System.out.printf(Locale.ROOT, "%s: %,d steps (%.2f epochs), train %.4f, test %.4f bits/dim%s%n", entry.id(),
                    r.steps(), r.epochs(), r.trainBitsPerDim(), r.testBitsPerDim(),
                    earlier ? " (trained earlier)" : "");
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
            if (evaluation != null) {
                evaluation.close();
                evaluation = null;
            }
        }
    }
}

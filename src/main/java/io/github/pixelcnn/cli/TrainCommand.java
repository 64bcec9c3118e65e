package io.github.pixelcnn.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.DataSource;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.Split;
import io.github.pixelcnn.data.VectorFile;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ConditioningForm;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.ModelType;
import io.github.pixelcnn.model.PixelCnnAutoEncoder;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.sample.CodeSampler;
import io.github.pixelcnn.train.Adam;
import io.github.pixelcnn.train.Checkpoint;
import io.github.pixelcnn.train.RunDirectory;
import io.github.pixelcnn.train.TrainConfig;
import io.github.pixelcnn.train.TrainState;
import io.github.pixelcnn.train.Trainer;
import io.github.pixelcnn.train.TrainingListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pixelcnn train}: trains a model, with checkpoints, metrics, a curve and sample grids. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a PixelCNN.")
public final class TrainCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--dataset", required = true, description = "fashion-mnist | mnist:DIR | cifar10:DIR | folder:DIR")
    String dataset;

    @Option(names = "--model", defaultValue = "gated", description = "gated | pixelcnn | autoencoder (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--bottleneck", defaultValue = "10", description = "auto-encoder code size M (default: ${DEFAULT-VALUE})")
    int bottleneck;

    @Option(names = "--form", defaultValue = "global",
            description = "how h enters the gates: global | spatial | both (default: ${DEFAULT-VALUE})")
    String form;

    @Option(names = "--map-channels", defaultValue = "16", description = "channels of the spatial map m(h)")
    int mapChannels;

    @Option(names = "--layers", defaultValue = "15") int layers;
    @Option(names = "--channels", defaultValue = "64") int channels;
    @Option(names = "--kernel", defaultValue = "3", description = "kernel of layers after the first (7x7)") int kernel;
    @Option(names = "--head", defaultValue = "512", description = "width of the output head") int head;

    @Option(names = "--conditional", defaultValue = "class",
            description = "class | none | vector:FILE (.npy or CSV, one row per training image; default: ${DEFAULT-VALUE})")
    String conditional;

    @Option(names = "--test-vectors", description = "with vector:FILE, the test split's vectors") Path testVectors;

    @Option(names = "--batch", defaultValue = "32") int batch;
    @Option(names = "--lr", defaultValue = "0.001") float lr;
    @Option(names = "--epochs", defaultValue = "0") int epochs;
    @Option(names = "--steps", defaultValue = "0") long steps;
    @Option(names = "--minutes", defaultValue = "0") double minutes;
    @Option(names = "--seed", defaultValue = "42") long seed;
    @Option(names = "--checkpoint-minutes", defaultValue = "5") double checkpointMinutes;
    @Option(names = "--clip-grad", defaultValue = "0", description = "max global gradient norm, 0 = off") double clipGrad;
    @Option(names = "--eval-limit", defaultValue = "0", description = "test images per epoch-end evaluation, 0 = all") int evalLimit;
    @Option(names = "--out", required = true, description = "run directory") Path out;
    @Option(names = "--resume", description = "continue from the checkpoint in --out") boolean resume;

    @Override
    public Integer call() {
        if (epochs == 0 && steps == 0 && minutes == 0) {
            epochs = 1;
        }
        TrainConfig config =
                new TrainConfig(batch, lr, epochs, steps, minutes, seed, checkpointMinutes, clipGrad, evalLimit, true);
        DataSource source = DataSource.parse(dataset);
        ImageDataset train = source.load(Split.TRAIN);
        ImageDataset test = source.load(Split.TEST);
        if (conditional.startsWith("vector:")) {
            if (testVectors == null) {
                throw new BadInputException("--conditional vector: needs --test-vectors FILE for the test split");
            }
            train = train.withVectors(VectorFile.read(Path.of(conditional.substring("vector:".length()))));
            test = test.withVectors(VectorFile.read(testVectors));
        }
        ModelConfig fresh = modelConfig(train); // checked before anything is written
        try (NDManager manager = common.newManager()) {
            RunDirectory run = RunDirectory.create(out, new Gson().toJson(config));
            Engine.getInstance().setRandomSeed(Long.hashCode(seed));
            PixelModel net;
            Adam adam;
            TrainState state;
            if (resume && Files.exists(run.checkpoint())) {
                Checkpoint ckpt = Checkpoint.read(run.checkpoint());
                DatasetFit.require(ckpt.config(), train, dataset);
                net = ckpt.restoreModel(manager);
                adam = new Adam(net.namedParameters(), manager);
                ckpt.loadOptimizer(adam);
                state = ckpt.state();
                System.out.printf(Locale.ROOT, "resuming %s at step %d (epoch %d)%n", run.checkpoint(), state.step(), state.epoch());
            } else {
                if (resume) {
                    System.out.println("no checkpoint in " + out + "; starting a new run");
                }
                net = PixelModel.create(fresh);
                net.initialize(manager);
                adam = new Adam(net.namedParameters(), manager);
                state = TrainState.start();
                writeConfig(run, fresh);
            }
            System.out.printf(
                    Locale.ROOT,
                    "%s: %d train / %d test images %dx%dx%d; model %s, %,d parameters%n",
                    source.describe(), train.size(), test.size(), train.channels(), train.height(), train.width(),
                    net.config().type().name().toLowerCase(Locale.ROOT), net.parameterCount());
            return train(net, adam, state, config, run, train, test, source, manager);
        }
    }

    private ModelConfig modelConfig(ImageDataset train) {
        ModelType type = switch (model) {
            case "gated" -> ModelType.GATED;
            case "pixelcnn" -> ModelType.PIXELCNN;
            case "autoencoder" -> ModelType.AUTOENCODER;
            default -> throw new BadInputException("--model must be gated, pixelcnn or autoencoder, got " + model);
        };
        ConditioningForm f = switch (form) {
            case "global" -> ConditioningForm.GLOBAL;
            case "spatial" -> ConditioningForm.SPATIAL;
            case "both" -> ConditioningForm.BOTH;
            default -> throw new BadInputException("--form must be global, spatial or both, got " + form);
        };
        ModelConfig.Builder base = ModelConfig.builder().setImage(train.channels(), train.height(), train.width())
                .optLayers(layers).optChannels(channels).optKernels(7, kernel).optHeadChannels(head)
                .optForm(f, f.spatial() ? mapChannels : 0);
        if (type == ModelType.AUTOENCODER) {
            if (conditional.startsWith("vector:")) {
                throw new BadInputException("--model autoencoder conditions on its own code; drop --conditional vector:");
            }
            return base.optAutoEncoder(bottleneck).build();
        }
        Conditioning cond;
        int size;
        if (conditional.startsWith("vector:")) {
            cond = Conditioning.VECTOR;
            size = train.vectors().columns();
        } else {
            cond = switch (conditional) {
                case "class" -> Conditioning.CLASS;
                case "none" -> Conditioning.NONE;
                default -> throw new BadInputException("--conditional must be class, none or vector:FILE, got " + conditional);
            };
            if (cond == Conditioning.CLASS && !train.hasLabels()) {
                throw new BadInputException(dataset + ": --conditional class needs labels; use --conditional none");
            }
            size = cond == Conditioning.CLASS ? train.numClasses() : 0;
        }
        if (f.spatial() && cond == Conditioning.NONE) {
            throw new BadInputException("--form " + form + " needs an h: --conditional class|vector:FILE or --model autoencoder");
        }
        return base.optType(type).optConditioning(cond, size).build();
    }

    private static void writeConfig(RunDirectory run, ModelConfig mc) {
        String json = "{\n\"model\": " + mc.toJson() + ",\n\"training\": " + run.trainingJson() + "\n}\n";
        io.github.pixelcnn.data.AtomicFile.write(run.config(), o -> o.write(json.getBytes(StandardCharsets.UTF_8)));
    }

    static int train(PixelModel net, Adam adam, TrainState state, TrainConfig config, RunDirectory run,
            ImageDataset train, ImageDataset test, DataSource source, NDManager manager) {
        ProgressListener listener = new ProgressListener(config.minutes());
        ModelConfig mc = net.config();
        boolean byClass = mc.conditioning() == Conditioning.CLASS
                || (!mc.isConditional() && mc.type() != ModelType.AUTOENCODER);
        Trainer.EpochHook afterEpoch = byClass
                ? (epoch, m) -> SampleCommand.writeClassGrid(m, source.classNames(), 8, 1f, config.seed(),
                        run.samples(epoch), manager)
                : (epoch, m) -> writeCodeGrid(m, test, 8, config.seed(), run.samples(epoch), manager);
        Trainer trainer = new Trainer(net, adam, state, config, run, listener, afterEpoch);
        CountDownLatch done = new CountDownLatch(1);
        // Ctrl-C or SIGTERM: the JVM halts as soon as this hook returns, so it waits, without a
        // time limit, until the loop has finished its step and written the checkpoint.
        Thread hook = new Thread(() -> {
            System.err.printf(Locale.ROOT, "%nstopping: finishing the current step, then writing %s%n",
                    run.checkpoint());
            trainer.requestStop();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            TrainState end;
            try {
                end = trainer.train(train, test, manager);
            } finally {
                listener.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the hook is running and waits for us; the checkpoint is already written.
                }
            }
            System.out.printf(Locale.ROOT, "stopped at step %d, epoch %d; %s%n", end.step(), end.epoch(),
                    Double.isNaN(end.bestTestBitsPerDim())
                            ? "no epoch has ended yet, so no test bits/dim (run eval)"
                            : String.format(Locale.ROOT, "best test bits/dim %.4f", end.bestTestBitsPerDim()));
            System.out.println("run directory: " + run.dir().toAbsolutePath());
            return Main.OK;
        } finally {
            System.out.flush();
            done.countDown();
        }
    }

    /**
     * For models conditioned on vectors or on their own code: the first test images (top row) and
     * one sample given each one's vector or code (bottom row).
     */
    static void writeCodeGrid(PixelModel model, ImageDataset test, int count, long seed, Path png, NDManager manager) {
        int n = Math.min(count, test.size());
        int[] first = new int[n];
        java.util.Arrays.setAll(first, i -> i);
        ImageDataset shown = test.subset(first);
        PixelModel conditional = model;
        float[] codes;
        if (model instanceof PixelCnnAutoEncoder ae) {
            conditional = ae.decoder();
            codes = AutoEncoderInputs.codes(ae, shown, n, manager);
        } else {
            codes = shown.vectors().values();
        }
        byte[] samples = CodeSampler.sample(conditional, codes, n, 1f, seed, manager);
        int d = model.config().dims();
        byte[] grid = new byte[2 * n * d];
        System.arraycopy(shown.pixels(), 0, grid, 0, n * d);
        System.arraycopy(samples, 0, grid, n * d, n * d);
        ModelConfig mc = model.config();
        io.github.pixelcnn.data.ImageGrid.write(png, grid, 2 * n, mc.imageChannels(), mc.height(), mc.width(), n, 2);
    }

    /** Shows a progress bar with train bits/dim, images/s and ETA. */
    static final class ProgressListener implements TrainingListener {
        private final double minutes;
        private final long start = System.nanoTime();
        private ProgressBar bar;

        /** @param minutes the session's time budget, 0 when steps or epochs decide the end */
        ProgressListener(double minutes) {
            this.minutes = minutes;
        }

        @Override
        public void onStart(long firstStep, long plannedSteps) {
            bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(plannedSteps)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000).startsFrom(firstStep, java.time.Duration.ZERO)
                    .build();
        }

        @Override
        public void onStep(long step, int epoch, double trainBpd, double imagesPerSecond) {
            bar.stepTo(step);
            String eta = "";
            if (minutes > 0) {
                // A time budget has no known step count, so the bar's own ETA is blank: show the budget's.
                long left = Math.max(0, Math.round(minutes * 60 - (System.nanoTime() - start) / 1e9));
                eta = String.format(Locale.ROOT, "  ETA %d:%02d", left / 60, left % 60);
            }
            bar.setExtraMessage(String.format(
                    Locale.ROOT, "ep %d  %.3f bits/dim  %.1f img/s%s", epoch, trainBpd, imagesPerSecond, eta));
        }

        @Override
        public void onEpochEnd(int epoch, long step, double testBpd) {
            bar.pause();
            System.out.printf(Locale.ROOT, "%nepoch %d done at step %d: test bits/dim %.4f%n", epoch, step, testBpd);
            bar.resume();
        }

        @Override
        public void onSkippedStep(long step, String reason) {
            System.err.printf(Locale.ROOT, "%nstep %d skipped: %s not finite%n", step, reason);
        }

        void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}

package io.github.pixelcnn.vq;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.Seeds;
import io.github.pixelcnn.StopHook;
import io.github.pixelcnn.data.AtomicFile;
import io.github.pixelcnn.data.Batch;
import io.github.pixelcnn.data.Batches;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.ImageInput;
import io.github.pixelcnn.train.Adam;
import io.github.pixelcnn.train.RunDirectory;
import io.github.pixelcnn.train.TrainConfig;
import io.github.pixelcnn.train.TrainState;
import io.github.pixelcnn.train.TrainingDivergedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A VQ-VAE training run and the directory that holds it: what {@code pixelcnn train --model vqvae}
 * does, for Java. It shares the PixelCNN runs' settings ({@link TrainConfig}), batch order
 * ({@link Batches}), optimizer ({@link Adam}) and directory layout ({@link RunDirectory}:
 * {@code checkpoint.ckpt}, {@code config.json}, {@code metrics.csv}); the step differs, so the loop
 * is its own: Adam on {@link VqVae#forward}'s loss, then the codebook's EMA update and dead-code
 * restarts.
 *
 * <p>Batches are a function of (seed, epoch) and each step's restarts draw from a stream seeded by
 * (seed, step), so a run stopped and resumed from its checkpoint ends where an unbroken one would.
 * A JVM shutdown (Ctrl-C, SIGTERM) finishes the current step and writes a checkpoint.
 */
public final class VqTraining implements AutoCloseable {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues().create();
    private static final String METRICS_HEADER =
            "step,epoch,reconstruction_mse,commitment,perplexity,test_psnr_db,test_perplexity,images_per_s,elapsed_s";
    private static final int LOG_EVERY = 10;
    private static final int MAX_BAD_STEPS = 5;

    private final RunDirectory run;
    private final TrainConfig training;
    private final ImageDataset train;
    private final ImageDataset test;
    private final VqListener listener;
    private final boolean resumed;
    private final NDManager manager;
    private final VqVae model;
    private final Adam adam;
    private TrainState state;
    private volatile boolean stopRequested;

    private VqTraining(Builder b, RunDirectory run, VqCheckpoint checkpoint, NDManager parent) {
        this.run = run;
        this.training = b.training;
        this.train = b.train;
        this.test = b.test;
        this.listener = b.listener;
        this.resumed = checkpoint != null;
        this.manager = parent.newSubManager();
        try {
            Seeds.seedEngine(training.seed());
            if (checkpoint != null) {
                model = checkpoint.restore(manager);
            } else {
                model = new VqVae(b.model);
                model.initialize(manager);
            }
            adam = new Adam(model.namedParameters(), manager);
            if (checkpoint != null) {
                checkpoint.loadOptimizer(adam);
            }
            state = checkpoint != null ? checkpoint.state() : TrainState.start();
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Named construction, DJL style; {@link #build} checks everything before it writes a file. */
    public static final class Builder {
        private Path dir;
        private ImageDataset train;
        private ImageDataset test;
        private TrainConfig training;
        private VqVaeConfig model;
        private boolean resume;
        private boolean overwrite;
        private VqListener listener = new VqListener() {};

        private Builder() {}

        public Builder setDirectory(Path dir) {
            this.dir = dir;
            return this;
        }

        public Builder setData(ImageDataset train, ImageDataset test) {
            this.train = train;
            this.test = test;
            return this;
        }

        public Builder setTrainConfig(TrainConfig training) {
            this.training = training;
            return this;
        }

        /** The model of a new run; when resuming, the run's own model must equal it (null: take the run's). */
        public Builder optModel(VqVaeConfig model) {
            this.model = model;
            return this;
        }

        public Builder optResume(boolean resume) {
            this.resume = resume;
            return this;
        }

        public Builder optOverwrite(boolean overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        public Builder optListener(VqListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * Starts a new run or resumes the one in the directory.
         *
         * @throws BadInputException for a refused run, in one line; nothing is written then
         */
        public VqTraining build(NDManager manager) {
            if (dir == null || train == null || test == null || training == null) {
                throw new IllegalStateException("VQ-VAE run: directory, data and training config are required");
            }
            if (resume && overwrite) {
                throw new BadInputException(dir + ": resume and overwrite exclude each other");
            }
            Path checkpoint = dir.resolve("checkpoint.ckpt");
            boolean hasCheckpoint = Files.isRegularFile(checkpoint);
            VqCheckpoint ck = null;
            if (resume && hasCheckpoint) {
                ck = VqCheckpoint.read(checkpoint);
                if (model != null && !model.equals(ck.config())) {
                    throw new BadInputException(dir + ": the run's VQ-VAE differs from the one asked for (run "
                            + ck.config() + "); leave the model settings out to continue it");
                }
                if (training.reached(ck.state())) {
                    throw new BadInputException(String.format(Locale.ROOT,
                            "%s: the run is at step %d (epoch %d), already past its stop; nothing to train", dir,
                            ck.state().step(), ck.state().epoch()));
                }
            } else {
                if (!resume && !overwrite && (hasCheckpoint || Files.exists(dir.resolve("config.json")))) {
                    throw new BadInputException(dir + ": holds a run already; resume it, or overwrite it to start again");
                }
                if (model == null) {
                    throw new IllegalStateException("VQ-VAE run: a new run needs a model config (optModel)");
                }
            }
            VqVaeConfig mc = ck != null ? ck.config() : model;
            for (ImageDataset data : new ImageDataset[] {train, test}) {
                ImageInput.requireSize(data, data.name(), mc.imageChannels(), mc.height(), mc.width());
            }
            Batches.builder().setData(train).setBatchSize(training.batchSize()).optDropLast(true).build();
            RunDirectory rd = RunDirectory.create(dir, GSON.toJson(training));
            if (ck == null) {
                deleteRunFiles(rd);
            }
            writeConfig(rd, mc, ck);
            return new VqTraining(this, rd, ck, manager);
        }

        private void writeConfig(RunDirectory rd, VqVaeConfig mc, VqCheckpoint ck) {
            JsonObject root = new JsonObject();
            if (ck != null && Files.isRegularFile(rd.config())) {
                try {
                    root = JsonParser.parseString(Files.readString(rd.config())).getAsJsonObject();
                } catch (IOException | RuntimeException e) {
                    root = new JsonObject(); // an unreadable config.json is rewritten from the checkpoint
                }
            }
            root.add("vqvae", JsonParser.parseString(mc.toJson()));
            root.add("training", GSON.toJsonTree(training));
            if (!root.has("data")) {
                JsonObject data = new JsonObject();
                data.addProperty("name", train.name());
                data.addProperty("images", train.size());
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(train.pixels());
                data.addProperty("crc32", String.format(Locale.ROOT, "%08x", crc.getValue()));
                root.add("data", data);
            }
            byte[] json = (GSON.toJson(root) + "\n").getBytes(StandardCharsets.UTF_8);
            AtomicFile.write(rd.config(), out -> out.write(json));
        }

        private static void deleteRunFiles(RunDirectory rd) {
            try {
                Files.deleteIfExists(rd.checkpoint());
                Files.deleteIfExists(rd.config());
                Files.deleteIfExists(rd.metrics());
            } catch (IOException e) {
                throw new UncheckedIOException(rd.dir() + ": cannot remove the run it holds: " + e.getMessage(), e);
            }
        }
    }

    public VqVae model() {
        return model;
    }

    public TrainState state() {
        return state;
    }

    public boolean resumed() {
        return resumed;
    }

    public RunDirectory directory() {
        return run;
    }

    /** Asks the loop to finish its step, checkpoint and return; thread-safe. */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Trains until the stopping rule or a stop request, evaluating on the test split at each
     * epoch's end and at the session's end; returns the latest evaluation, or null when a stop
     * request came before any.
     */
    public VqEvaluation train() {
        try (StopHook hook = StopHook.stopping(this::requestStop, true)) {
            return loop();
        }
    }

    private VqEvaluation loop() {
        Batches batches = Batches.builder().setData(train).setBatchSize(training.batchSize())
                .optShuffle(training.seed()).optDropLast(true).build();
        writeMetricsHeader();
        long sessionStart = System.nanoTime();
        long lastCheckpoint = sessionStart;
        double elapsedBefore = state.elapsedSeconds();
        int badSteps = 0;
        double windowError = 0;
        double windowCommitment = 0;
        double windowPerplexity = 0;
        int windowSteps = 0;
        int windowImages = 0;
        long windowStart = System.nanoTime();
        VqEvaluation last = null;
        long lastEvaluated = -1;
        while (!finished(sessionStart)) {
            int epoch = state.epoch();
            Iterator<Batch> it = batches.epoch(epoch, state.batchInEpoch());
            int inEpoch = state.batchInEpoch();
            while (it.hasNext() && !finished(sessionStart)) {
                Batch batch = it.next();
                long stepNumber = state.step() + 1;
                double error;
                double commitment;
                double perplexity;
                int restarted = 0;
                boolean applied;
                try (NDManager sub = manager.newSubManager()) {
                    NDArray x = batch.images(sub); // (B, C, H, W) uint8
                    model.placeCodebook(x, new SplittableRandom(training.seed()));
                    VqVae.Forward f;
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        f = model.forward(x);
                        gc.backward(f.loss());
                    }
                    error = f.reconstructionError().getFloat();
                    commitment = f.commitment().getFloat();
                    double norm = adam.gradientNorm(training.clipGrad());
                    applied = Double.isFinite(error) && Double.isFinite(commitment) && Double.isFinite(norm);
                    int[] codes = toInts(f.codes().toLongArray());
                    perplexity = VqEvaluation.perplexity(usage(codes, model.config().codes()));
                    if (applied) {
                        adam.step(training.learningRateAt(state.step()));
                        restarted = model.codebook().update(f.encoded().toFloatArray(), codes,
                                new SplittableRandom(Seeds.forImage(training.seed(), stepNumber)));
                    } else {
                        adam.zeroGradients();
                    }
                }
                inEpoch++;
                if (!applied) {
                    if (++badSteps >= MAX_BAD_STEPS) {
                        throw new TrainingDivergedException(stepNumber, training.learningRate(),
                                Files.exists(run.checkpoint()));
                    }
                } else {
                    badSteps = 0;
                    windowError += error;
                    windowCommitment += commitment;
                    windowPerplexity += perplexity;
                    windowSteps++;
                }
                windowImages += batch.size();
                double elapsed = elapsedBefore + (System.nanoTime() - sessionStart) / 1e9;
                state = new TrainState(stepNumber, epoch, inEpoch, state.bestTestBitsPerDim(), elapsed);
                double imagesPerSecond = windowImages / Math.max((System.nanoTime() - windowStart) / 1e9, 1e-9);
                listener.onStep(stepNumber, epoch, error, commitment, perplexity, restarted, imagesPerSecond);
                if (stepNumber % LOG_EVERY == 0 && windowSteps > 0) {
                    appendMetrics(stepNumber, epoch, windowError / windowSteps, windowCommitment / windowSteps,
                            windowPerplexity / windowSteps, Double.NaN, Double.NaN, imagesPerSecond, elapsed);
                    windowError = 0;
                    windowCommitment = 0;
                    windowPerplexity = 0;
                    windowSteps = 0;
                    windowImages = 0;
                    windowStart = System.nanoTime();
                }
                if (badSteps == 0 && (System.nanoTime() - lastCheckpoint) / 6e10 >= training.checkpointMinutes()) {
                    checkpoint();
                    lastCheckpoint = System.nanoTime();
                }
            }
            if (!it.hasNext() && !stopRequested) {
                state = new TrainState(state.step(), epoch + 1, 0, state.bestTestBitsPerDim(), state.elapsedSeconds());
                last = evaluate(epoch);
                lastEvaluated = state.step();
                checkpoint();
                lastCheckpoint = System.nanoTime();
            }
        }
        checkpoint();
        // A stop request (Ctrl-C, SIGTERM) wants the process gone: the evaluation is left to the next session.
        if (lastEvaluated != state.step() && !stopRequested) {
            last = evaluate(state.epoch());
        }
        return last;
    }

    private VqEvaluation evaluate(int epoch) {
        VqEvaluation eval = VqEvaluation.of(model, test, training.evalLimit(), training.batchSize(), manager);
        appendMetrics(state.step(), epoch, Double.NaN, Double.NaN, Double.NaN, eval.psnr(), eval.perplexity(),
                Double.NaN, state.elapsedSeconds());
        listener.onEvaluation(state.step(), epoch, eval);
        return eval;
    }

    private boolean finished(long sessionStart) {
        if (stopRequested || training.reached(state)) {
            return true;
        }
        return training.minutes() > 0 && (System.nanoTime() - sessionStart) / 6e10 >= training.minutes();
    }

    private void checkpoint() {
        VqCheckpoint.save(run.checkpoint(), model, adam, state, run.trainingJson());
    }

    private void writeMetricsHeader() {
        if (!Files.exists(run.metrics())) {
            appendLine(METRICS_HEADER);
        }
    }

    private void appendMetrics(long step, int epoch, double error, double commitment, double perplexity,
            double testPsnr, double testPerplexity, double imagesPerSecond, double elapsed) {
        appendLine(String.format(Locale.ROOT, "%d,%d,%s,%s,%s,%s,%s,%s,%.1f", step, epoch, number(error),
                number(commitment), number(perplexity), number(testPsnr), number(testPerplexity),
                number(imagesPerSecond), elapsed));
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    private void appendLine(String line) {
        try {
            Files.writeString(run.metrics(), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(run.metrics() + ": cannot append: " + e.getMessage(), e);
        }
    }

    static long[] usage(int[] codes, int k) {
        long[] counts = new long[k];
        for (int c : codes) {
            counts[c]++;
        }
        return counts;
    }

    static int[] toInts(long[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.toIntExact(values[i]);
        }
        return out;
    }

    @Override
    public void close() {
        model.close();
        manager.close();
    }
}

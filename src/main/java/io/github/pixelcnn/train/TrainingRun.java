package io.github.pixelcnn.train;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.Seeds;
import io.github.pixelcnn.data.AtomicFile;
import io.github.pixelcnn.data.Batches;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.ImageInput;
import io.github.pixelcnn.model.ConditionSource;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.zip.CRC32;

/**
 * A training run and the directory that holds it: what {@code pixelcnn train} does, for Java.
 *
 * <p>{@link Builder#build(NDManager)} starts a new run or resumes the one in the directory, after
 * checking everything it can before it writes anything: an existing run is neither replaced
 * without {@code optOverwrite} nor continued without {@code optResume}; a resumed run refuses a
 * model that differs from its own, images of another shape or another dataset, and a stopping
 * rule it has already passed. While it lives it holds {@code .lock} in the directory ({@link
 * FileChannel#tryLock()}), so a second writer, in this process or another, is refused. {@link
 * #train()} then trains with checkpoints, {@code metrics.csv}, {@code curve.png} and a sample
 * grid per epoch; Ctrl-C or SIGTERM (a JVM shutdown) finishes the current step and writes a
 * checkpoint first. {@code config.json} holds the model, the training settings of the latest
 * session, the data it was trained on and, for each resumption, the step it resumed at and its
 * settings.
 */
public final class TrainingRun implements AutoCloseable {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .disableHtmlEscaping().create();
    private static final String LOCK = ".lock";

    private final RunDirectory run;
    private final FileChannel lockChannel;
    private final TrainConfig training;
    private final ImageDataset train;
    private final ImageDataset test;
    private final TrainingListener listener;
    private final int gradientCheckEvery;
    private final boolean stopHook;
    private final boolean resumed;
    private final NDManager manager;
    private final PixelModel model;
    private final Adam adam;
    private TrainState state;
    private volatile Trainer trainer;
    private volatile boolean stopRequested;

    private TrainingRun(Builder b, RunDirectory run, FileChannel lockChannel, Checkpoint checkpoint,
            ModelConfig fresh, NDManager parent) {
        this.run = run;
        this.lockChannel = lockChannel;
        this.training = b.training;
        this.train = b.train;
        this.test = b.test;
        this.listener = b.listener;
        this.gradientCheckEvery = b.gradientCheckEvery;
        this.stopHook = b.stopHook;
        this.resumed = checkpoint != null;
        this.manager = parent.newSubManager();
        try {
            Seeds.seedEngine(training.seed());
            model = checkpoint != null ? checkpoint.restoreModel(manager) : PixelModel.create(fresh);
            if (checkpoint == null) {
                model.initialize(manager);
            }
            model.setPrecision(training.precision());
            adam = new Adam(model.namedParameters(), manager, training.weightDecay());
            if (checkpoint != null) {
                checkpoint.loadOptimizer(adam);
            }
            state = checkpoint != null ? checkpoint.state() : TrainState.start();
        } catch (RuntimeException e) {
            manager.close(); // the caller releases the lock
            throw e;
        }
    }

    /** A builder: directory, data and training config are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The model config of the run in {@code dir}, read from its checkpoint; empty when there is none. */
    public static Optional<ModelConfig> modelConfigOf(Path dir) {
        Path checkpoint = dir.resolve(RunDirectory.CHECKPOINT);
        return Files.isRegularFile(checkpoint) ? Optional.of(Checkpoint.read(checkpoint).config()) : Optional.empty();
    }

    /** Named construction, DJL style; {@link #build(NDManager)} validates, locks and creates or resumes. */
    public static final class Builder {
        private Path dir;
        private ImageDataset train;
        private ImageDataset test;
        private TrainConfig training;
        private ModelConfig model;
        private boolean resume;
        private boolean overwrite;
        private boolean stopHook = true;
        private TrainingListener listener = new TrainingListener() {};
        private int gradientCheckEvery;

        private Builder() {}

        /** The run directory; created when missing. */
        public Builder setDirectory(Path dir) {
            this.dir = dir;
            return this;
        }

        /** The training images and the test images evaluated at each epoch's end. */
        public Builder setData(ImageDataset train, ImageDataset test) {
            this.train = train;
            this.test = test;
            return this;
        }

        /** This session's settings; a resumed run records them in config.json. */
        public Builder setTrainConfig(TrainConfig training) {
            this.training = training;
            return this;
        }

        /**
         * The model of a new run (required unless a checkpoint is resumed); when resuming, the run's
         * own model must equal it.
         */
        public Builder optModel(ModelConfig model) {
            this.model = model;
            return this;
        }

        /** Continues the run in the directory from its checkpoint; starts a new run when it has none. */
        public Builder optResume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /** Replaces a run already in the directory (its files are removed first). */
        public Builder optOverwrite(boolean overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        /** Progress of the run: steps, epochs, skipped steps, a stop request. */
        public Builder optListener(TrainingListener listener) {
            this.listener = listener;
            return this;
        }

        /** See {@link Trainer.Builder#optGradientCheck(int)}: a float64 comparison every N steps. */
        public Builder optGradientCheck(int steps) {
            this.gradientCheckEvery = steps;
            return this;
        }

        /**
         * Whether {@link #train()} stops cleanly, with a checkpoint, when the JVM shuts down (Ctrl-C,
         * SIGTERM); true by default.
         */
        public Builder optStopHook(boolean stopHook) {
            this.stopHook = stopHook;
            return this;
        }

        /**
         * Checks the settings against the directory and the data, then locks the directory and
         * creates or resumes the run; the model lives in a sub-manager of {@code manager} until
         * {@link TrainingRun#close()}.
         *
         * @throws BadInputException for a refused run, with one line that says why; nothing is
         *     written then (except {@code .lock} in a directory that exists)
         */
        public TrainingRun build(NDManager manager) {
            if (dir == null || train == null || test == null || training == null) {
                throw new IllegalStateException("training run: directory, data and training config are required");
            }
            if (resume && overwrite) {
                throw new BadInputException(dir + ": resume and overwrite exclude each other");
            }
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new BadInputException(dir + ": run directory is a file, not a directory");
            }
            if (!Files.isDirectory(dir)) {
                // Nothing is created for a run that the data or the settings already refuse.
                requireModel();
                checkFits(model);
                RunDirectory.create(dir, "{}");
            }
            FileChannel lock = lock(dir);
            try {
                return startLocked(lock, manager);
            } catch (RuntimeException e) {
                release(lock);
                throw e;
            }
        }

        private TrainingRun startLocked(FileChannel lock, NDManager manager) {
            Path checkpoint = dir.resolve(RunDirectory.CHECKPOINT);
            Path config = dir.resolve(RunDirectory.CONFIG);
            boolean hasCheckpoint = Files.isRegularFile(checkpoint);
            if (resume && hasCheckpoint) {
                Checkpoint ck = Checkpoint.read(checkpoint);
                if (model != null) {
                    List<String> diff = differences(ck.config(), model);
                    if (!diff.isEmpty()) {
                        throw new BadInputException(dir + ": the run's model differs from the one asked for ("
                                + String.join("; ", diff) + "); leave the model settings out to continue it");
                    }
                }
                checkFits(ck.config());
                checkSameData(config);
                checkSamePerturbation(config);
                checkNotPastStop(ck.state());
                return start(ck, lock, manager);
            }
            if (!resume && !overwrite && (hasCheckpoint || Files.exists(config))) {
                String at = hasCheckpoint ? "at step " + Checkpoint.read(checkpoint).state().step() : "no checkpoint yet";
                throw new BadInputException(dir + ": holds a run already (" + at
                        + "); resume it, or overwrite it to start again");
            }
            requireModel();
            checkFits(model);
            RunDirectory.removeRunFiles(dir);
            return start(null, lock, manager);
        }

        private TrainingRun start(Checkpoint ck, FileChannel lock, NDManager manager) {
            RunDirectory rd = RunDirectory.create(dir, GSON.toJson(training));
            ModelConfig mc = ck != null ? ck.config() : model;
            writeConfig(rd, mc, ck);
            return new TrainingRun(this, rd, lock, ck, model, manager);
        }

        private void requireModel() {
            if (model == null) {
                throw new IllegalStateException(
                        "training run: a new run needs a model config (optModel)" + (resume ? "; " + dir
                                + " has no checkpoint to resume" : ""));
            }
        }

        /** Everything that can be checked against the data before a file is written. */
        private void checkFits(ModelConfig mc) {
            PixelModel unbuilt = PixelModel.create(mc); // no parameters yet: only its config and kind are read
            for (ImageDataset data : List.of(train, test)) {
                ImageInput.requireSize(data, data.name(), mc.imageChannels(), mc.height(), mc.width());
                ConditionSource.of(unbuilt, data);
            }
            Batches.builder().setData(train).setBatchSize(training.batchSize()).optDropLast(true).build();
        }

        private void checkSameData(Path config) {
            JsonObject data = readConfig(config).getAsJsonObject("data");
            if (data == null) {
                return; // written before runs recorded their data
            }
            JsonObject now = dataJson(train);
            if (!now.get("images").equals(data.get("images")) || !now.get("crc32").equals(data.get("crc32"))) {
                throw new BadInputException(String.format(Locale.ROOT,
                        "%s: these are not the images the run was trained on (%s: %s images, CRC-32 %s; now %s: %s"
                                + " images, CRC-32 %s)", dir, data.get("name").getAsString(), data.get("images"),
                        data.get("crc32").getAsString(), train.name(), now.get("images"),
                        now.get("crc32").getAsString()));
            }
        }

        /** A background model's inputs must stay perturbed as they were: its data would change otherwise. */
        private void checkSamePerturbation(Path config) {
            JsonObject before = readConfig(config).getAsJsonObject("training");
            double mu = before != null && before.has("perturb") ? before.get("perturb").getAsDouble() : 0;
            if (mu != training.perturb()) {
                throw new BadInputException(String.format(Locale.ROOT,
                        "%s: the run was trained with perturb %s, asked for %s; pass --perturb %s again to continue it",
                        dir, mu, training.perturb(), mu));
            }
        }

        private void checkNotPastStop(TrainState state) {
            if (training.reached(state)) {
                throw new BadInputException(String.format(Locale.ROOT,
                        "%s: the run is at step %d (epoch %d), already past its stop (%s); nothing to train",
                        dir, state.step(), state.epoch(), training.maxSteps() > 0
                                ? "maxSteps " + training.maxSteps() : "epochs " + training.epochs()));
            }
        }

        /**
         * config.json: the model, this session's training settings, the data; a resumed run keeps
         * what is there and adds the step it resumed at, with its settings, to {@code resumes}.
         */
        private void writeConfig(RunDirectory rd, ModelConfig mc, Checkpoint ck) {
            JsonObject root = ck != null && Files.isRegularFile(rd.config()) ? readConfig(rd.config()) : new JsonObject();
            root.add("model", JsonParser.parseString(mc.toJson()));
            root.add("training", GSON.toJsonTree(training));
            if (!root.has("data")) {
                root.add("data", dataJson(train));
            }
            if (ck != null) {
                JsonArray resumes = root.has("resumes") ? root.getAsJsonArray("resumes") : new JsonArray();
                JsonObject resumption = new JsonObject();
                resumption.addProperty("step", ck.state().step());
                resumption.addProperty("epoch", ck.state().epoch());
                resumption.add("training", GSON.toJsonTree(training));
                resumes.add(resumption);
                root.add("resumes", resumes);
            }
            byte[] json = (GSON.toJson(root) + "\n").getBytes(StandardCharsets.UTF_8);
            AtomicFile.write(rd.config(), out -> out.write(json));
        }
    }

    /** {@code "layers: the run has 3, asked for 5"} for each component where the two configs differ. */
    static List<String> differences(ModelConfig run, ModelConfig asked) {
        List<String> out = new ArrayList<>();
        for (RecordComponent c : ModelConfig.class.getRecordComponents()) {
            try {
                Object a = c.getAccessor().invoke(run);
                Object b = c.getAccessor().invoke(asked);
                if (!a.equals(b)) {
                    out.add(c.getName() + ": the run has " + a + ", asked for " + b);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    private static JsonObject readConfig(Path config) {
        try {
            JsonElement e = JsonParser.parseString(Files.readString(config, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new BadInputException(config + ": not a JSON object");
            }
            return e.getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(config + ": cannot read: " + e.getMessage(), e);
        } catch (com.google.gson.JsonParseException e) {
            throw new BadInputException(config + ": not valid JSON (" + e.getMessage() + ")", e);
        }
    }

    /** What identifies the training images: their name, count and a CRC-32 of every pixel. */
    private static JsonObject dataJson(ImageDataset train) {
        CRC32 crc = new CRC32();
        crc.update(train.pixels());
        JsonObject data = new JsonObject();
        data.addProperty("name", train.name());
        data.addProperty("images", train.size());
        data.addProperty("crc32", String.format(Locale.ROOT, "%08x", crc.getValue()));
        return data;
    }

    private static FileChannel lock(Path dir) {
        Path file = dir.resolve(LOCK);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot create the lock file " + LOCK + " (" + e.getMessage() + ")", e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this process already
        } catch (IOException e) {
            release(channel);
            throw new BadInputException(dir + ": cannot lock " + LOCK + " (" + e.getMessage() + ")", e);
        }
        if (lock == null) {
            release(channel);
            throw new BadInputException(dir + ": another training run is writing to it (" + LOCK + " is locked)");
        }
        return channel;
    }

    private static void release(FileChannel channel) {
        try {
            channel.close(); // releases its lock
        } catch (IOException ignored) {
            // Closing a lock file's channel cannot lose data; the lock dies with the process anyway.
        }
    }

    public PixelModel model() {
        return model;
    }

    public RunDirectory directory() {
        return run;
    }

    /** Where the run stands: the checkpoint's state after a resume, the end state after {@link #train()}. */
    public TrainState state() {
        return state;
    }

    /** Whether this run continues a checkpoint (false for a new run, also after a resume found none). */
    public boolean resumed() {
        return resumed;
    }

    /** Asks {@link #train()} to finish its current step, checkpoint and return. Thread-safe. */
    public void requestStop() {
        stopRequested = true;
        Trainer t = trainer;
        if (t != null) {
            t.requestStop();
        }
    }

    /**
     * Trains until the config's stopping rule or a stop request, then returns the final state.
     * With the stop hook, a JVM shutdown waits until the step in progress is done and the
     * checkpoint written.
     */
    public TrainState train() {
        Trainer t = Trainer.builder().setModel(model).setOptimizer(adam).setConfig(training).setRunDirectory(run)
                .optState(state).optListener(listener).optGradientCheck(gradientCheckEvery)
                .optEpochHook(new EpochSamples(run, test, training.seed(), manager)).build();
        trainer = t;
        if (stopRequested) {
            t.requestStop();
        }
        CountDownLatch done = new CountDownLatch(1);
        // The JVM halts as soon as this hook returns, so it waits, without a time limit, until the
        // loop has finished its step and written the checkpoint.
        Thread hook = new Thread(() -> {
            listener.onStopRequested(run.checkpoint());
            t.requestStop();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        if (stopHook) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
        try {
            state = t.train(train, test, manager);
            return state;
        } finally {
            if (stopHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // The hook is running and waits for the countdown below; the checkpoint is written.
                }
            }
            done.countDown();
        }
    }

    /** Releases the lock and the model's native memory. */
    @Override
    public void close() {
        try {
            adam.close();
            manager.close();
        } finally {
            release(lockChannel);
        }
    }
}

package io.github.pixelcnn.train;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.Seeds;
import io.github.pixelcnn.StopHook;
import io.github.pixelcnn.data.Batches;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.ImageInput;
import io.github.pixelcnn.model.ConditionSource;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import java.nio.file.Path;
import java.util.List;

/**
 * A training run and the directory that holds it: what {@code pixelcnn train} does, for Java.
 *
 * <p>{@link Builder#build(NDManager)} starts a new run or resumes the one in the directory
 * ({@link RunOpening} decides which, or refuses). While it lives it holds the directory's lock
 * ({@link RunDirectory#lockForWriting()}). {@link #train()} then trains with checkpoints, metrics,
 * a learning curve and a sample grid per epoch, and returns how it ended ({@link Ending}); Ctrl-C
 * or SIGTERM finishes the current step and writes a checkpoint first ({@link StopHook}). The
 * run's record, config.json, is {@link RunRecord}'s.
 */
public final class TrainingRun implements AutoCloseable {
    private final RunDirectory run;
    private final RunDirectory.Lock lock;
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

    TrainingRun(Builder b, TrainConfig training, RunDirectory run, RunDirectory.Lock lock, Checkpoint checkpoint,
            ModelConfig fresh, NDManager parent) {
        this.run = run;
        this.lock = lock;
        this.training = training;
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
                training.init().prepare(model);
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

    /** Named construction, DJL style; {@link #build(NDManager)} validates, locks and creates or resumes. */
    public static final class Builder {
        Path dir;
        ImageDataset train;
        ImageDataset test;
        TrainConfig training;
        ModelConfig model;
        boolean resume;
        boolean overwrite;
        boolean stopHook = true;
        TrainingListener listener = new TrainingListener() {};
        int gradientCheckEvery;

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
         * creates or resumes the run ({@link RunOpening}); the model lives in a sub-manager of
         * {@code manager} until {@link TrainingRun#close()}.
         *
         * @throws BadInputException for a refused run, with one line that says why; nothing is
         *     written then (except {@code .lock} in a directory that exists)
         */
        public TrainingRun build(NDManager manager) {
            return RunOpening.open(this, manager);
        }
    }

    /**
     * The model-vs-data check, in one place: both splits' image size and h (labels, vectors) fit
     * the model, and the training split fills a batch. Everything here is checked before a file
     * is written.
     *
     * @throws BadInputException naming the split and what does not fit
     */
    public static void requireFits(ModelConfig mc, ImageDataset train, ImageDataset test, int batchSize) {
        PixelModel unbuilt = PixelModel.create(mc); // no parameters yet: only its config and kind are read
        for (ImageDataset data : List.of(train, test)) {
            ImageInput.requireSize(data, data.name(), mc.imageChannels(), mc.height(), mc.width());
            ImageInput.requireLevels(data, data.name(), mc.levels());
            ConditionSource.of(unbuilt, data);
        }
        Batches.builder().setData(train).setBatchSize(batchSize).optDropLast(true).build();
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
     * Trains until the config's stopping rule, a stop request or a divergence, and says which. With
     * the stop hook, a JVM shutdown waits until the step in progress is done and the checkpoint
     * written.
     */
    public Ending train() {
        Trainer t = Trainer.builder().setModel(model).setOptimizer(adam).setConfig(training).setRunDirectory(run)
                .optState(state).optListener(listener).optGradientCheck(gradientCheckEvery)
                .optEpochHook(new EpochSamples(run, test, training.seed(), manager)).build();
        trainer = t;
        if (stopRequested) {
            t.requestStop();
        }
        Runnable stop = () -> {
            listener.onStopRequested(run.checkpoint());
            requestStop();
        };
        try (StopHook hook = StopHook.stopping(stop, stopHook)) {
            state = t.train(train, test, manager);
            boolean stopped = stopRequested && !training.reached(state);
            return new Ending(stopped ? Ending.Kind.STOPPED : Ending.Kind.COMPLETED, state, null);
        } catch (TrainingDivergedException e) {
            state = t.state();
            return new Ending(Ending.Kind.DIVERGED, state, e);
        }
    }

    /** Releases the lock and the model's native memory. */
    @Override
    public void close() {
        try {
            adam.close();
            manager.close();
        } finally {
            lock.close();
        }
    }
}

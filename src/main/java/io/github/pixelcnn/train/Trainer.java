package io.github.pixelcnn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadParameterException;
import io.github.pixelcnn.CoreShare;
import io.github.pixelcnn.data.Batch;
import io.github.pixelcnn.data.Batches;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.eval.EvalResult;
import io.github.pixelcnn.eval.Evaluator;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.ConditionSource;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.Likelihood;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.ood.Perturbation;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The training loop: one {@link TrainingStep} per batch (Adam on the mean negative
 * log-likelihood), per-step sub-managers so native memory stays flat, a test evaluation at each epoch's end, periodic atomic checkpoints, and a
 * clean stop (with a checkpoint) when {@link #requestStop()} is called, as on Ctrl-C.
 *
 * <p>Batches are a pure function of (seed, epoch), and the checkpoint stores the position inside
 * the epoch, so a run that is stopped and resumed ends with the same parameters as one that was
 * never stopped.
 */
public final class Trainer {
    /** Consecutive non-finite steps after which training gives up. */
    private static final int MAX_BAD_STEPS = 5;

    private static final int LOG_EVERY = 10;

    private final PixelModel model;
    private final Adam adam;
    private final TrainConfig config;
    private final RunDirectory run;
    private final TrainingListener listener;
    private final EpochHook epochHook;
    private final TrainingStep step;
    private final int gradientCheckEvery;
    private final AtomicBoolean stop = new AtomicBoolean();
    /** Other processes' mean load, in cores, from which a run is said to have shared the machine. */
    private static final double SHARED_CORES = 0.25;
    private TrainState state;
    // The training split's class frequencies, stored in each checkpoint of a class model.
    private double[] classPrior;

    /** Work to do after each epoch's evaluation, such as writing a sample grid. */
    @FunctionalInterface
    public interface EpochHook {
        void afterEpoch(int epoch, PixelModel model);
    }

    private Trainer(Builder b) {
        if (b.model == null || b.adam == null || b.config == null || b.run == null) {
            throw new IllegalStateException("trainer: model, optimizer, config and run directory are required");
        }
        this.model = b.model;
        this.adam = b.adam;
        this.config = b.config;
        this.run = b.run;
        this.state = b.state;
        this.listener = b.listener;
        this.epochHook = b.epochHook;
        this.gradientCheckEvery = b.gradientCheckEvery;
        this.step = new TrainingStep(model, adam, config.clipGrad());
    }

    /**
     * A builder: model, optimizer, config and run directory are required; a fresh state, a silent
     * listener and no epoch hook by default.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Named construction of a {@link Trainer}, DJL style. */
    public static final class Builder {
        private PixelModel model;
        private Adam adam;
        private TrainConfig config;
        private RunDirectory run;
        private TrainState state = TrainState.start();
        private TrainingListener listener = new TrainingListener() {};
        private EpochHook epochHook;
        private int gradientCheckEvery;

        private Builder() {}

        public Builder setModel(PixelModel model) {
            this.model = model;
            return this;
        }

        /** Adam over the model's parameters, with restored moments when resuming. */
        public Builder setOptimizer(Adam adam) {
            this.adam = adam;
            return this;
        }

        public Builder setConfig(TrainConfig config) {
            this.config = config;
            return this;
        }

        /** Where checkpoints, metrics and the curve go. */
        public Builder setRunDirectory(RunDirectory run) {
            this.run = run;
            return this;
        }

        /** Where to start: a checkpoint's state to resume, {@link TrainState#start()} by default. */
        public Builder optState(TrainState state) {
            this.state = state;
            return this;
        }

        public Builder optListener(TrainingListener listener) {
            this.listener = listener;
            return this;
        }

        public Builder optEpochHook(EpochHook epochHook) {
            this.epochHook = epochHook;
            return this;
        }

        /**
         * Every {@code steps}-th step, compares the step's gradients with float64 ones
         * ({@link GradientCheck}) and reports them to the listener; 0 (the default) = never.
         */
        public Builder optGradientCheck(int steps) {
            if (steps < 0) {
                throw new BadParameterException("gradientCheckEvery", "must not be negative, got " + steps);
            }
            this.gradientCheckEvery = steps;
            return this;
        }

        public Trainer build() {
            return new Trainer(this);
        }
    }

    public TrainState state() {
        return state;
    }

    /** Asks the loop to finish its current step, checkpoint and return. Thread-safe. */
    public void requestStop() {
        stop.set(true);
    }

    /** Trains until the config's stopping rule or a stop request; returns the final state. */
    public TrainState train(ImageDataset train, ImageDataset test, NDManager manager) {
        Batches batches = Batches.builder().setData(train).setBatchSize(config.batchSize()).optShuffle(config.seed())
                .optDropLast(true).build();
        // The test split's h was checked with the training split's by TrainingRun.requireFits.
        ConditionSource conditions = ConditionSource.of(model, train);
        classPrior = model.config().conditioning() == Conditioning.CLASS
                ? classFrequencies(train, model.config().conditionSize())
                : null;
        MetricsLog metrics = new MetricsLog(run.metrics(), state.step());
        Perturbation perturbation = config.perturbation();
        int levels = model.config().levels();
        // Its float64 twin lives in a sub-manager of the run's, so it is freed with the run even
        // when the loop ends with an exception.
        GradientCheck gradientCheck = gradientCheckEvery > 0 ? new GradientCheck(model, manager) : null;
        // Fewer libtorch threads while other processes compute on these cores (see CoreShare).
        CoreShare cores = CoreShare.forThisProcess();
        long sessionStart = System.nanoTime();
        long lastCheckpoint = sessionStart;
        double elapsedBefore = state.elapsedSeconds();
        listener.onStart(state.step(), plannedSteps(batches));
        int badSteps = 0;
        double windowNats = 0;
        int windowSteps = 0;
        long windowStart = System.nanoTime();
        int windowImages = 0;
        while (!finished(sessionStart)) {
            int epoch = state.epoch();
            Iterator<Batch> it = batches.epoch(epoch, state.batchInEpoch());
            int inEpoch = state.batchInEpoch();
            while (it.hasNext() && !finished(sessionStart)) {
                Batch batch = it.next();
                TrainingStep.Outcome outcome;
                try (NDManager sub = manager.newSubManager()) {
                    NDArray x = perturbation.active()
                            ? batch.images(perturbation.apply(batch.pixels(), levels, config.seed(), state.step()), sub)
                            : batch.images(sub); // (B, C, H, W) uint8
                    Condition cond = conditions.forTraining(batch.indices());
                    if (gradientCheck != null && (state.step() + 1) % gradientCheckEvery == 0) {
                        listener.onGradientCheck(state.step() + 1, gradientCheck.compare(x, cond));
                    }
                    outcome = step.apply(x, cond, config.learningRateAt(state.step()));
                }
                cores.poll();
                double loss = outcome.loss();
                inEpoch++;
                long stepNumber = state.step() + 1;
                if (!outcome.applied()) {
                    badSteps++;
                    listener.onSkippedStep(stepNumber, outcome.fault());
                    if (badSteps >= MAX_BAD_STEPS) {
                        throw new TrainingDivergedException(
                                stepNumber, config.learningRate(), Files.exists(run.checkpoint()));
                    }
                } else {
                    badSteps = 0;
                    windowNats += loss;
                    windowSteps++;
                }
                windowImages += batch.size();
                double elapsed = elapsedBefore + (System.nanoTime() - sessionStart) / 1e9;
                state = new TrainState(stepNumber, epoch, inEpoch, state.bestTestBitsPerDim(), elapsed);
                double trainBpd = Likelihood.natsPerDimToBits(loss);
                double seconds = (System.nanoTime() - windowStart) / 1e9;
                double imagesPerSecond = windowImages / Math.max(seconds, 1e-9);
                listener.onStep(stepNumber, epoch, trainBpd, imagesPerSecond);
                if (stepNumber % LOG_EVERY == 0 && windowSteps > 0) {
                    metrics.append(
                            stepNumber, epoch, Likelihood.natsPerDimToBits(windowNats / windowSteps),
                            Double.NaN, imagesPerSecond, elapsed);
                    windowNats = 0;
                    windowSteps = 0;
                    windowImages = 0;
                    windowStart = System.nanoTime();
                }
                // Not while steps are being skipped: those parameters may be the ones that diverge.
                if (badSteps == 0 && (System.nanoTime() - lastCheckpoint) / 6e10 >= config.checkpointMinutes()) {
                    checkpoint();
                    lastCheckpoint = System.nanoTime();
                }
            }
            // A stop at an epoch's end leaves its evaluation to the resumed run: the checkpoint
            // records the whole epoch as done, so the resumed run evaluates before going on.
            if (!it.hasNext() && !stop.get()) {
                EvalResult eval = Evaluator.evaluate(model, test, config.batchSize(), config.evalLimit(), manager);
                double best = Double.isNaN(state.bestTestBitsPerDim())
                        ? eval.bitsPerDim()
                        : Math.min(state.bestTestBitsPerDim(), eval.bitsPerDim());
                state = new TrainState(state.step(), epoch + 1, 0, best, state.elapsedSeconds());
                metrics.append(state.step(), epoch, Double.NaN, eval.bitsPerDim(), 0, state.elapsedSeconds());
                // Checkpoint before the slow sample grid, so a stop or crash during it loses nothing.
                if (badSteps == 0) {
                    checkpoint();
                    lastCheckpoint = System.nanoTime();
                }
                listener.onEpochEnd(epoch, state.step(), eval.bitsPerDim());
                if (epochHook != null && !stop.get()) {
                    epochHook.afterEpoch(epoch, model);
                }
            }
        }
        if (windowSteps > 0) {
            metrics.append(state.step(), state.epoch(), Likelihood.natsPerDimToBits(windowNats / windowSteps),
                    Double.NaN, windowImages / Math.max((System.nanoTime() - windowStart) / 1e9, 1e-9),
                    state.elapsedSeconds());
        }
        if (gradientCheck != null) {
            gradientCheck.close();
        }
        cores.restore();
        checkpoint();
        LearningCurve.write(run.metrics(), run.curve());
        if (cores.meanOtherCores() >= SHARED_CORES) {
            listener.onSharedCores(cores.meanOtherCores(), cores.cores());
        }
        listener.onEnd(state.step());
        return state;
    }

    private long plannedSteps(Batches batches) {
        long byEpochs = config.epochs() > 0 ? (long) config.epochs() * batches.batchesPerEpoch() : Long.MAX_VALUE;
        long bySteps = config.maxSteps() > 0 ? config.maxSteps() : Long.MAX_VALUE;
        long planned = Math.min(byEpochs, bySteps);
        return planned == Long.MAX_VALUE ? -1 : planned;
    }

    private boolean finished(long sessionStart) {
        if (stop.get() || config.reached(state)) {
            return true;
        }
        return config.minutes() > 0 && (System.nanoTime() - sessionStart) / 6e10 >= config.minutes();
    }

    private void checkpoint() {
        Checkpoint.save(run.checkpoint(), model, adam, state, run.trainingJson(), classPrior);
    }

    /** p(y) of the training split: what a class model's marginal p(x) = Σ_y p(y) p(x|y) weighs by. */
    static double[] classFrequencies(ImageDataset train, int k) {
        double[] p = new double[k];
        for (int i = 0; i < train.size(); i++) {
            p[train.label(i)] += 1.0 / train.size();
        }
        return p;
    }
}

package io.github.pixelcnn.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.github.pixelcnn.data.Batch;
import io.github.pixelcnn.data.Batches;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.eval.Conditioner;
import io.github.pixelcnn.eval.EvalResult;
import io.github.pixelcnn.eval.Evaluator;
import io.github.pixelcnn.model.Likelihood;
import io.github.pixelcnn.model.PixelModel;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The training loop: Adam on the mean negative log-likelihood, per-step sub-managers so native
 * memory stays flat, a test evaluation at each epoch's end, periodic atomic checkpoints, and a
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
    private final AtomicBoolean stop = new AtomicBoolean();
    private TrainState state;

    /** Work to do after each epoch's evaluation, such as writing a sample grid. */
    @FunctionalInterface
    public interface EpochHook {
        void afterEpoch(int epoch, PixelModel model);
    }

    public Trainer(
            PixelModel model,
            Adam adam,
            TrainState state,
            TrainConfig config,
            RunDirectory run,
            TrainingListener listener,
            EpochHook epochHook) {
        this.model = model;
        this.adam = adam;
        this.state = state;
        this.config = config;
        this.run = run;
        this.listener = listener;
        this.epochHook = epochHook;
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
        Batches batches = Batches.builder().setData(train).setBatchSize(config.batchSize()).optShuffle(config.seed()).optDropLast(true).build();
        Conditioner conditioner = Conditioner.of(model.config(), train);
        MetricsLog metrics = new MetricsLog(run.metrics(), state.step());
        long sessionStart = System.nanoTime();
        long lastCheckpoint = sessionStart;
        double elapsedBefore = state.elapsedSeconds();
        int dims = model.config().dims();
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
                double loss;
                double norm;
                try (NDManager step = manager.newSubManager()) {
                    NDArray x = batch.images(step); // (B, C, H, W) uint8
                    NDArray cond = conditioner.condition(batch, step);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray nats = Likelihood.meanNats(model.logits(x, cond), x); // ()
                        gc.backward(nats);
                        loss = nats.getFloat();
                    }
                    norm = adam.gradientNorm(config.clipGrad());
                }
                inEpoch++;
                long stepNumber = state.step() + 1;
                if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
                    // A non-finite step is skipped, never applied: the last good parameters stay.
                    adam.zeroGradients();
                    badSteps++;
                    listener.onSkippedStep(stepNumber, Double.isFinite(loss) ? "gradient" : "loss");
                    if (badSteps >= MAX_BAD_STEPS) {
                        throw new TrainingDivergedException(stepNumber, config.learningRate());
                    }
                } else {
                    adam.step(config.learningRate());
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
        checkpoint();
        LearningCurve.write(run.metrics(), run.curve());
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
        if (stop.get()) {
            return true;
        }
        if (config.maxSteps() > 0 && state.step() >= config.maxSteps()) {
            return true;
        }
        if (config.epochs() > 0 && state.epoch() >= config.epochs()) {
            return true;
        }
        return config.minutes() > 0 && (System.nanoTime() - sessionStart) / 6e10 >= config.minutes();
    }

    private void checkpoint() {
        Checkpoint.save(run.checkpoint(), model, adam, state, run.trainingJson());
    }
}

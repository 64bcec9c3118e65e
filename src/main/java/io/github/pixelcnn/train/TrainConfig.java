package io.github.pixelcnn.train;

import io.github.pixelcnn.BadParameterException;
import io.github.pixelcnn.model.Initialization;
import io.github.pixelcnn.nn.Precision;
import io.github.pixelcnn.ood.Perturbation;

/**
 * How to train: stopping rule, batch, learning rate, seed and safety options. Build one with
 * {@link #builder()}; the component names are those of {@code config.json}'s training block.
 *
 * @param batchSize images per optimizer step
 * @param learningRate Adam's step size at step 0
 * @param lrDecay the step size is multiplied by this after every step (PixelCNN++'s schedule: step
 *     {@code n} uses {@code learningRate * lrDecay^n}), 1 = constant; a function of the step count
 *     alone, so a resumed run continues the same schedule
 * @param epochs stop after this many epochs (0 = no limit from epochs)
 * @param maxSteps stop after this many optimizer steps in total (0 = no limit)
 * @param minutes stop after this much training time in this session (0 = no limit)
 * @param seed the one seed of initialisation, batch order and sample grids
 * @param checkpointMinutes write a checkpoint at least this often; fractions work (0.01 = every
 *     0.6 s, as the crash tests use)
 * @param clipGrad rescale gradients whose global norm exceeds this (0 = off)
 * @param evalLimit test images evaluated at each epoch's end (0 = the whole split)
 * @param precision how the model's convolutions run in this session (fp32 or bf16); a session
 *     setting, not part of the model: a run may resume in the other one
 * @param perturb μ of {@link Perturbation}: each training sub-pixel is replaced by a uniform level
 *     with this probability (0 = off), as a background model for the likelihood ratio is trained
 * @param weightDecay L2 penalty {@code weightDecay/2 · ||w||²} added to the loss through Adam's
 *     gradient (0 = off); Ren et al. 2019 pair it with the perturbation
 * @param init how a new run draws its parameters; a resumed run has them already
 * @param resize the side of the square every training image of a folder was scaled to, 0 = kept:
 *     recorded (in config.json and each checkpoint) so that the run's model is evaluated,
 *     completed, scored and exported on images scaled alike without being told again
 */
public record TrainConfig(
        int batchSize,
        float learningRate,
        Double lrDecay,
        int epochs,
        long maxSteps,
        double minutes,
        long seed,
        double checkpointMinutes,
        double clipGrad,
        int evalLimit,
        Precision precision,
        Double perturb,
        Double weightDecay,
        Initialization init,
        Integer resize) {
    public TrainConfig {
        if (resize == null) {
            resize = 0; // config.json written before the side was recorded
        }
        if (resize < 0) {
            throw new BadParameterException("resize", "must be positive, or 0 for none, got " + resize);
        }
        if (init == null) {
            init = Initialization.HE; // config.json written before the choice existed: DJL's default was used
        }
        if (precision == null) {
            precision = Precision.FP32; // config.json written before bf16 existed: fp32 was the only way
        }
        if (perturb == null) {
            perturb = 0.0; // config.json written before the perturbation existed
        }
        if (weightDecay == null) {
            weightDecay = 0.0;
        }
        new Perturbation(perturb); // validates μ
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new BadParameterException("weightDecay", "must be a finite number, not negative, got " + weightDecay);
        }
        if (lrDecay == null) {
            lrDecay = 1.0; // config.json written before the schedule existed: the rate was constant
        }
        if (batchSize < 1) {
            throw new BadParameterException("batchSize", "must be at least 1, got " + batchSize);
        }
        if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
            throw new BadParameterException("learningRate", "must be a positive number, got " + learningRate);
        }
        if (!(lrDecay > 0 && lrDecay <= 1)) {
            throw new BadParameterException("lrDecay", "must be in (0, 1], got " + lrDecay);
        }
        if (epochs < 0) {
            throw new BadParameterException("epochs", "must not be negative, got " + epochs);
        }
        if (maxSteps < 0) {
            throw new BadParameterException("maxSteps", "must not be negative, got " + maxSteps);
        }
        if (!(minutes >= 0) || Double.isInfinite(minutes)) {
            throw new BadParameterException("minutes", "must be a finite number, not negative, got " + minutes);
        }
        if (epochs == 0 && maxSteps == 0 && minutes == 0) {
            throw new BadParameterException("epochs", "maxSteps or minutes: one is required (when to stop)");
        }
        if (!(checkpointMinutes > 0) || Double.isInfinite(checkpointMinutes)) {
            throw new BadParameterException(
                    "checkpointMinutes", "must be a positive number, got " + checkpointMinutes);
        }
        if (!(clipGrad >= 0)) {
            throw new BadParameterException("clipGrad", "must not be negative, got " + clipGrad);
        }
        if (evalLimit < 0) {
            throw new BadParameterException("evalLimit", "must not be negative, got " + evalLimit);
        }
    }

    /** The perturbation of the training inputs. */
    public Perturbation perturbation() {
        return new Perturbation(perturb);
    }

    /** Adam's step size for the step after {@code step} steps have been taken. */
    public float learningRateAt(long step) {
        return (float) (learningRate * Math.pow(lrDecay, step));
    }

    /** Whether a run in {@code state} has reached this config's step or epoch limit. */
    public boolean reached(TrainState state) {
        return (maxSteps > 0 && state.step() >= maxSteps) || (epochs > 0 && state.epoch() >= epochs);
    }

    /**
     * A builder: batch size and learning rate are required, and at least one stopping rule
     * ({@code optEpochs}, {@code optMaxSteps}, {@code optMinutes}); seed 42, a constant learning
     * rate, a checkpoint every 5 minutes, no clipping, the whole test split, fp32 and PyTorch's
     * fan-in initialisation otherwise.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from every value of this config. */
    public Builder toBuilder() {
        return new Builder().setBatchSize(batchSize).setLearningRate(learningRate).optLrDecay(lrDecay).optEpochs(epochs)
                .optMaxSteps(maxSteps).optMinutes(minutes).optSeed(seed).optCheckpointMinutes(checkpointMinutes)
                .optClipGrad(clipGrad).optEvalLimit(evalLimit).optPrecision(precision).optPerturb(perturb)
                .optWeightDecay(weightDecay).optInit(init).optResize(resize);
    }

    /** Named construction of {@link TrainConfig}, DJL style, checked in {@link #build()}. */
    public static final class Builder {
        private int batchSize;
        private float learningRate;
        private double lrDecay = 1;
        private int epochs;
        private long maxSteps;
        private double minutes;
        private long seed = 42;
        private double checkpointMinutes = 5;
        private double clipGrad;
        private int evalLimit;
        private Precision precision = Precision.FP32;
        private double perturb;
        private double weightDecay;
        private Initialization init = Initialization.FAN_IN;
        private int resize;

        private Builder() {}

        public Builder setBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder setLearningRate(float learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        public Builder optLrDecay(double lrDecay) {
            this.lrDecay = lrDecay;
            return this;
        }

        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Optimizer steps in total, counting those of earlier sessions of the run. */
        public Builder optMaxSteps(long maxSteps) {
            this.maxSteps = maxSteps;
            return this;
        }

        /** Training time of this session. */
        public Builder optMinutes(double minutes) {
            this.minutes = minutes;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder optCheckpointMinutes(double checkpointMinutes) {
            this.checkpointMinutes = checkpointMinutes;
            return this;
        }

        public Builder optClipGrad(double clipGrad) {
            this.clipGrad = clipGrad;
            return this;
        }

        public Builder optEvalLimit(int evalLimit) {
            this.evalLimit = evalLimit;
            return this;
        }

        public Builder optPrecision(Precision precision) {
            this.precision = precision;
            return this;
        }

        /** See {@link Perturbation}: μ, 0 (the default) = train on the images as they are. */
        public Builder optPerturb(double perturb) {
            this.perturb = perturb;
            return this;
        }

        /** L2 weight decay through Adam, 0 (the default) = none. */
        public Builder optWeightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** How a new run draws its parameters; {@link Initialization#FAN_IN} by default. */
        public Builder optInit(Initialization init) {
            this.init = init;
            return this;
        }

        /** The side the training images were scaled to, for the record; 0 (the default) = kept. */
        public Builder optResize(int resize) {
            this.resize = resize;
            return this;
        }

        public TrainConfig build() {
            return new TrainConfig(batchSize, learningRate, lrDecay, epochs, maxSteps, minutes, seed, checkpointMinutes,
                    clipGrad, evalLimit, precision, perturb, weightDecay, init, resize);
        }
    }
}

package io.github.pixelcnn.repro;

import io.github.pixelcnn.BadParameterException;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.ModelType;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * How to reproduce the paper's comparisons: every model gets the same budget (wall-clock minutes
 * or optimizer steps), seed, batch and learning rate. Build one with {@link #builder()}.
 *
 * @param gated the unconditional Gated PixelCNN that every row compares against; the other
 *     models are built from it (same layers, channels, kernels and head)
 * @param minutesPerModel training time of each model, the same for all; 0 when the budget is in steps
 * @param stepsPerModel optimizer steps of each model, the same for all; 0 when the budget is in
 *     minutes. Steps repeat on any machine and load; minutes give each model what the paper's
 *     comparison at equal time means
 * @param seed initialisation and batch order of every model; the noise row adds seed + 1, …
 * @param rows the comparisons to run
 * @param noiseSeeds how many seeds train the unconditional Gated PixelCNN, whose spread of test
 *     bits/dim decides which differences count (1 = no noise measured)
 * @param batchSize images per optimizer step
 * @param learningRate Adam's step size
 * @param mapChannels channels S of the spatial code's map m(h) in row c
 * @param trainEvalImages training images evaluated at the end (the first ones), to show
 *     over-fitting beside the test figure
 * @param epochEvalImages test images evaluated at each epoch's end while training (the final
 *     figure always takes the whole test split)
 */
public record ReproConfig(
        ModelConfig gated,
        double minutesPerModel,
        long stepsPerModel,
        long seed,
        Set<Row> rows,
        int noiseSeeds,
        int batchSize,
        float learningRate,
        int mapChannels,
        int trainEvalImages,
        int epochEvalImages) {
    public ReproConfig {
        if (gated == null || gated.type() != ModelType.GATED || gated.isConditional()) {
            throw new BadParameterException("gated", "must be an unconditional Gated PixelCNN config");
        }
        if (stepsPerModel < 0) {
            throw new BadParameterException("stepsPerModel", "must not be negative, got " + stepsPerModel);
        }
        if (stepsPerModel > 0 && minutesPerModel != 0) {
            throw new BadParameterException("minutesPerModel", "excludes stepsPerModel: give one budget");
        }
        if (stepsPerModel == 0 && (!(minutesPerModel > 0) || Double.isInfinite(minutesPerModel))) {
            throw new BadParameterException("minutesPerModel", "must be a positive number, got " + minutesPerModel);
        }
        if (rows == null || rows.isEmpty()) {
            throw new BadParameterException("rows", "must name at least one of a, b, c");
        }
        rows = Set.copyOf(EnumSet.copyOf(rows));
        if (noiseSeeds < 1) {
            throw new BadParameterException("noiseSeeds", "must be at least 1, got " + noiseSeeds);
        }
        if (batchSize < 1) {
            throw new BadParameterException("batchSize", "must be at least 1, got " + batchSize);
        }
        if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
            throw new BadParameterException("learningRate", "must be a positive number, got " + learningRate);
        }
        if (mapChannels < 1) {
            throw new BadParameterException("mapChannels", "must be at least 1, got " + mapChannels);
        }
        if (trainEvalImages < 1) {
            throw new BadParameterException("trainEvalImages", "must be at least 1, got " + trainEvalImages);
        }
        if (epochEvalImages < 0) {
            throw new BadParameterException("epochEvalImages", "must not be negative, got " + epochEvalImages);
        }
    }

    /** Whether each model trains for a number of steps rather than minutes. */
    public boolean budgetInSteps() {
        return stepsPerModel > 0;
    }

    /** The budget in words: {@code "10 minutes"}, {@code "400 steps"}. */
    public String budget() {
        return budgetInSteps() ? String.format(Locale.ROOT, "%,d steps", stepsPerModel)
                : (minutesPerModel == Math.rint(minutesPerModel) ? Long.toString((long) minutesPerModel)
                        : Double.toString(minutesPerModel)) + " minutes";
    }

    /**
     * A builder: the gated model and the budget (minutes or steps) are required; seed 42, rows a, b and c, two noise
     * seeds, batch 32, learning rate 0.002, 16 map channels, 10,000 training images and 1,000 test
     * images per epoch's end otherwise.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Named construction, DJL style, checked in {@link #build()}. */
    public static final class Builder {
        private ModelConfig gated;
        private double minutesPerModel;
        private long stepsPerModel;
        private long seed = 42;
        private Set<Row> rows = EnumSet.allOf(Row.class);
        private int noiseSeeds = 2;
        private int batchSize = 32;
        private float learningRate = 0.002f;
        private int mapChannels = 16;
        private int trainEvalImages = 10_000;
        private int epochEvalImages = 1_000;

        private Builder() {}

        public Builder setModel(ModelConfig gated) {
            this.gated = gated;
            return this;
        }

        public Builder setMinutesPerModel(double minutesPerModel) {
            this.minutesPerModel = minutesPerModel;
            return this;
        }

        /** A budget in optimizer steps instead of minutes. */
        public Builder setStepsPerModel(long stepsPerModel) {
            this.stepsPerModel = stepsPerModel;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder optRows(Set<Row> rows) {
            this.rows = rows;
            return this;
        }

        public Builder optNoiseSeeds(int noiseSeeds) {
            this.noiseSeeds = noiseSeeds;
            return this;
        }

        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder optLearningRate(float learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        public Builder optMapChannels(int mapChannels) {
            this.mapChannels = mapChannels;
            return this;
        }

        public Builder optTrainEvalImages(int trainEvalImages) {
            this.trainEvalImages = trainEvalImages;
            return this;
        }

        public Builder optEpochEvalImages(int epochEvalImages) {
            this.epochEvalImages = epochEvalImages;
            return this;
        }

        public ReproConfig build() {
            return new ReproConfig(gated, minutesPerModel, stepsPerModel, seed, rows, noiseSeeds, batchSize, learningRate, mapChannels,
                    trainEvalImages, epochEvalImages);
        }
    }
}

package io.github.pixelcnn.train;

import io.github.pixelcnn.BadInputException;

/**
 * How to train: stopping rule, batch, learning rate, seed and safety options.
 *
 * @param epochs stop after this many epochs (0 = no limit from epochs)
 * @param maxSteps stop after this many optimizer steps in total (0 = no limit)
 * @param minutes stop after this much training time in this session (0 = no limit)
 * @param checkpointMinutes write a checkpoint at least this often; fractions work (0.01 = every
 *     0.6 s, as the crash tests use)
 * @param clipGrad rescale gradients whose global norm exceeds this (0 = off)
 * @param evalLimit test images evaluated at each epoch's end (0 = the whole split)
 * @param sampleEachEpoch whether to write a class-conditional sample grid after each epoch
 */
public record TrainConfig(
        int batchSize,
        float learningRate,
        int epochs,
        long maxSteps,
        double minutes,
        long seed,
        double checkpointMinutes,
        double clipGrad,
        int evalLimit,
        boolean sampleEachEpoch) {
    public TrainConfig {
        if (batchSize < 1) {
            throw new BadInputException("--batch must be at least 1, got " + batchSize);
        }
        if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
            throw new BadInputException("--lr must be a positive number, got " + learningRate);
        }
        if (epochs < 0 || maxSteps < 0 || minutes < 0) {
            throw new BadInputException("--epochs, --steps and --minutes must not be negative");
        }
        if (epochs == 0 && maxSteps == 0 && minutes == 0) {
            throw new BadInputException("give one of --epochs, --steps or --minutes");
        }
        if (!(checkpointMinutes > 0) || Double.isInfinite(checkpointMinutes)) {
            throw new BadInputException("--checkpoint-minutes must be a positive number, got " + checkpointMinutes);
        }
        if (clipGrad < 0) {
            throw new BadInputException("--clip-grad must not be negative");
        }
    }
}

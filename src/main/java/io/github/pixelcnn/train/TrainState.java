package io.github.pixelcnn.train;

/**
 * Where a training run stands, saved in every checkpoint so that a resumed run continues exactly.
 *
 * @param step optimizer steps taken
 * @param epoch the epoch in progress
 * @param batchInEpoch batches of that epoch already used; the epoch's order is a function of the
 *     seed and the epoch, so skipping them reproduces the uninterrupted run
 * @param bestTestBitsPerDim the best test bits/dim measured so far, NaN if none
 * @param elapsedSeconds training time so far, summed over resumed sessions
 */
public record TrainState(
        long step, int epoch, int batchInEpoch, double bestTestBitsPerDim, double elapsedSeconds) {
    public static TrainState start() {
        return new TrainState(0, 0, 0, Double.NaN, 0);
    }
}

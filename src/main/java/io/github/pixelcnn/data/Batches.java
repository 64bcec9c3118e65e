package io.github.pixelcnn.data;

import io.github.pixelcnn.BadInputException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Splits a dataset into mini-batches, one pass (epoch) at a time.
 *
 * <p>Each epoch's order is a Fisher-Yates shuffle driven by the {@code epoch}-th {@link
 * SplittableRandom#split()} of a generator seeded with {@code seed}, so it depends only on the seed
 * and the epoch number: a run resumed from a checkpoint in the middle of epoch {@code e} calls
 * {@link #epoch(int, int)} with the number of batches already done and sees exactly the batches
 * the interrupted run would have seen. Batches are gathered lazily as the iterator advances; the
 * copy is small next to a training step, so there is no background prefetch.
 */
public final class Batches {
    private final ImageDataset data;
    private final int batchSize;
    private final long seed;
    private final boolean shuffle;
    private final boolean dropLast;

    /**
     * @param batchSize images per batch
     * @param seed seed of every epoch's order
     * @param shuffle false keeps dataset order, for evaluation
     * @param dropLast true drops a final batch shorter than {@code batchSize}
     */
    public Batches(
            ImageDataset data, int batchSize, long seed, boolean shuffle, boolean dropLast) {
        if (batchSize <= 0) {
            throw new BadInputException("batch size " + batchSize + ": must be positive");
        }
        if (dropLast && data.size() < batchSize) {
            throw new BadInputException(
                    String.format(
                            "%s: %d images, fewer than one batch of %d with the last batch"
                                    + " dropped",
                            data.name(), data.size(), batchSize));
        }
        this.data = data;
        this.batchSize = batchSize;
        this.seed = seed;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
    }

    /** Batches in one epoch, counting a short last batch unless it is dropped. */
    public int batchesPerEpoch() {
        int n = data.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** Images seen in one epoch: all of them, less a dropped short batch. */
    public int imagesPerEpoch() {
        return dropLast ? batchesPerEpoch() * batchSize : data.size();
    }

    /** The dataset indices in the order epoch {@code epoch} visits them. */
    public int[] order(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch " + epoch + " is negative");
        }
        int[] order = new int[data.size()];
        Arrays.setAll(order, i -> i);
        if (!shuffle) {
            return order;
        }
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom rng = root.split();
        for (int e = 0; e < epoch; e++) {
            rng = root.split();
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** The batches of epoch {@code epoch}, from the first. */
    public Iterator<Batch> epoch(int epoch) {
        return epoch(epoch, 0);
    }

    /** The batches of epoch {@code epoch}, skipping the first {@code skipBatches} (to resume). */
    public Iterator<Batch> epoch(int epoch, int skipBatches) {
        int total = batchesPerEpoch();
        if (skipBatches < 0 || skipBatches > total) {
            throw new IllegalArgumentException(
                    "skip " + skipBatches + " batches: epoch has " + total);
        }
        int[] order = order(epoch);
        int end = imagesPerEpoch();
        return new Iterator<>() {
            private int next = skipBatches * batchSize;

            @Override
            public boolean hasNext() {
                return next < end;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int to = Math.min(next + batchSize, end);
                Batch batch = new Batch(data, Arrays.copyOfRange(order, next, to));
                next = to;
                return batch;
            }
        };
    }
}

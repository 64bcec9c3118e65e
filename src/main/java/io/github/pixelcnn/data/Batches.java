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

    private Batches(Builder b) {
        if (b.data == null) {
            throw new IllegalStateException("batches: the dataset is required (setData)");
        }
        if (b.batchSize <= 0) {
            throw new BadInputException("batch size " + b.batchSize + ": must be positive");
        }
        if (b.dropLast && b.data.size() < b.batchSize) {
            throw new BadInputException(
                    String.format(
                            "%s: %d images, fewer than one batch of %d with the last batch"
                                    + " dropped",
                            b.data.name(), b.data.size(), b.batchSize));
        }
        this.data = b.data;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.shuffle = b.shuffle;
        this.dropLast = b.dropLast;
    }

    /**
     * A builder: {@code setData} and {@code setBatchSize} are required; by default batches keep
     * the dataset's order (as evaluation wants) and a short last batch is kept.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Named construction of {@link Batches}, checked in {@link #build()}. */
    public static final class Builder {
        private ImageDataset data;
        private int batchSize;
        private long seed;
        private boolean shuffle;
        private boolean dropLast;

        private Builder() {}

        public Builder setData(ImageDataset data) {
            this.data = data;
            return this;
        }

        /** Images per batch. */
        public Builder setBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Visits each epoch in its own order, drawn from {@code seed} and the epoch's number. */
        public Builder optShuffle(long seed) {
            this.shuffle = true;
            this.seed = seed;
            return this;
        }

        /** Drops a final batch shorter than the batch size, as training does. */
        public Builder optDropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        public Batches build() {
            return new Batches(this);
        }
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

package io.github.pixelcnn.sample;

import java.util.SplittableRandom;

/**
 * The uniform numbers a {@link RasterLoop} turns into levels: one per unknown sub-pixel of each
 * image, in raster order.
 *
 * <p>{@link #shared} is what {@link Sampler#sample} uses: one {@link SplittableRandom} for the
 * batch, read in image order, so image i depends on the images before it. {@link #perImage} gives
 * every image its own stream, so image i is the image drawn alone with its seed, whatever else is
 * in the batch: what a job split across machines needs, where batches depend on the partitioning.
 */
public final class Uniforms {
    private final SplittableRandom shared;
    private final SplittableRandom[] streams;

    private Uniforms(SplittableRandom shared, SplittableRandom[] streams) {
        this.shared = shared;
        this.streams = streams;
    }

    /** One stream for all images, read in image order. */
    public static Uniforms shared(long seed) {
        return new Uniforms(new SplittableRandom(seed), null);
    }

    /** Image i draws from its own stream seeded {@code seeds[i]}. */
    public static Uniforms perImage(long[] seeds) {
        SplittableRandom[] streams = new SplittableRandom[seeds.length];
        for (int i = 0; i < seeds.length; i++) {
            streams[i] = new SplittableRandom(seeds[i]);
        }
        return new Uniforms(null, streams);
    }

    /** Checks that there is a stream for each of n images. */
    void requireImages(int n) {
        if (streams != null && streams.length != n) {
            throw new IllegalArgumentException(streams.length + " seeds for " + n + " images");
        }
    }

    /** The next uniform number in [0, 1) of {@code image}. */
    double next(int image) {
        return streams == null ? shared.nextDouble() : streams[image].nextDouble();
    }
}

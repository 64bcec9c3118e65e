package io.github.pixelcnn;

import ai.djl.engine.Engine;

/**
 * One seed for everything random in a job: libtorch's generator (weight initialisation) is seeded
 * here, and Java-side draws take the same seed through their own {@code SplittableRandom}.
 */
public final class Seeds {
    private Seeds() {}

    /** Seeds the engine's generator; libtorch takes an int, so the long is folded as {@code Long.hashCode}. */
    public static void seedEngine(long seed) {
        Engine.getInstance().setRandomSeed(Long.hashCode(seed));
    }

    /**
     * The seed of image {@code id} in a job that draws each image from its own stream: SplitMix64's
     * output function applied to {@code seed + (id + 1) · 0x9E3779B97F4A7C15} (the golden-ratio
     * increment). It depends on the seed and the id only, so image id is the same however the ids
     * are split into batches, tasks or machines, and neighbouring ids get unrelated streams.
     */
    public static long forImage(long seed, long id) {
        long z = seed + (id + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

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
}

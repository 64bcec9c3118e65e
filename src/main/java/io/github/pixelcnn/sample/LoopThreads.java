package io.github.pixelcnn.sample;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The libtorch threads a {@link RasterLoop} runs on: fewer than the caller's when its operations
 * are too small to share.
 *
 * <p>Why: a cached sampler's step works on (N, C) arrays, a few thousand values, hundreds of
 * thousands of times per grid. Splitting such an operation between OpenMP threads costs more than
 * it saves, and the idle thread's spinning takes the core the JVM's own threads need. On an AMD
 * EPYC Zen 4 with 2 cores, the shipped 8 × 48 class model drew 16 images in 1.0 s on one thread
 * and 1.9 s on two, 64 in 1.9 s and 2.9 s, 256 in about the same time, and 512 in 13.6 s and
 * 10.2 s; {@code serve}'s 16-image grid of the demo-sized model took 0.63 s and 1.94 s. So a loop
 * gets one thread per {@link #VALUES_PER_THREAD} values its operations touch, at least one and at
 * most the caller's count.
 *
 * <p>The count is set on the calling thread for the loop and put back after it. libtorch also
 * records the last count set as the one threads that have not computed yet start with; while
 * samplers on several threads overlap, the count from before the first of them is the one each
 * puts back, so overlapping samplers never leave the process with a lowered count.
 */
final class LoopThreads implements AutoCloseable {
    /**
     * Values per operation that pay for one more thread: 256 images × 48 channels, where one and
     * two threads took the same time on the Zen 4 above.
     */
    static final long VALUES_PER_THREAD = 256 * 48;

    private static final Object LOCK = new Object();
    /** Loops open now, on any thread. */
    private static int open;
    /** The count before the first of the open loops lowered it. */
    private static int outside;

    private final int before;
    private final int during;

    private LoopThreads(int before, int during) {
        this.before = before;
        this.during = during;
    }

    /** One thread per {@link #VALUES_PER_THREAD} values, within 1 and {@code callers}. */
    static int count(long valuesPerOp, int callers) {
        return (int) Math.max(1, Math.min(callers, valuesPerOp / VALUES_PER_THREAD));
    }

    /** Fits the calling thread's count to operations of {@code valuesPerOp} values, until {@link #close}. */
    static LoopThreads fit(long valuesPerOp) {
        Engine.getInstance(); // libtorch loaded before its first direct call
        synchronized (LOCK) {
            // A thread that has not computed yet reads the count another open loop lowered: use the one from before.
            int before = open == 0 ? JniUtils.getNumThreads() : outside;
            if (open == 0) {
                outside = before;
            }
            open++;
            int during = count(valuesPerOp, before);
            if (JniUtils.getNumThreads() != during) {
                JniUtils.setNumThreads(during);
            }
            return new LoopThreads(before, during);
        }
    }

    /** The count this loop runs on. */
    int during() {
        return during;
    }

    @Override
    public void close() {
        synchronized (LOCK) {
            open--;
            if (JniUtils.getNumThreads() != before) {
                JniUtils.setNumThreads(before);
            }
        }
    }
}

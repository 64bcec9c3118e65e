package io.github.pixelcnn.sample;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** How many libtorch threads a raster loop runs on, and that the count is put back (surefire gives libtorch 2). */
class LoopThreadsTest {
    @Test
    void oneThreadPerValuesPerThreadWithinOneAndTheCallersCount() {
        assertThat(LoopThreads.count(16 * 48, 2)).as("16 images of 48 channels").isEqualTo(1);
        assertThat(LoopThreads.count(256 * 48, 2)).as("256 images: where one and two threads tied").isEqualTo(1);
        assertThat(LoopThreads.count(512 * 48, 2)).as("512 images").isEqualTo(2);
        assertThat(LoopThreads.count(512 * 48, 1)).as("never above the caller's").isEqualTo(1);
        assertThat(LoopThreads.count(2 * 48 * 28 * 28, 16)).as("a naive sampler's whole network, 2 images").isEqualTo(6);
        assertThat(LoopThreads.count(0, 2)).as("at least one").isEqualTo(1);
    }

    @Test
    void aLoopOfSmallArraysRunsOnOneThreadAndPutsTheCountBack() {
        Engine.getInstance();
        int before = JniUtils.getNumThreads();
        assertThat(before).as("the threads this test starts from").isEqualTo(2);
        try (LoopThreads threads = LoopThreads.fit(16 * 48)) {
            assertThat(threads.during()).isEqualTo(1);
            assertThat(JniUtils.getNumThreads()).as("during the loop").isEqualTo(1);
        }
        assertThat(JniUtils.getNumThreads()).as("after the loop").isEqualTo(before);
        try (LoopThreads threads = LoopThreads.fit(1L << 30)) {
            assertThat(JniUtils.getNumThreads()).as("large arrays keep the caller's count").isEqualTo(before);
        }
        assertThat(JniUtils.getNumThreads()).isEqualTo(before);
    }

    /**
     * A thread that starts computing while another loop has lowered the count would read the lowered
     * one as its own; it must put back the count from before, not keep one thread for all it does next.
     */
    @Test
    void aLoopThatStartsWhileAnotherRunsPutsBackTheCountFromBefore() throws InterruptedException {
        Engine.getInstance();
        int before = JniUtils.getNumThreads();
        AtomicIntegerArray seen = new AtomicIntegerArray(2);
        try (LoopThreads first = LoopThreads.fit(16 * 48)) {
            Thread second = new Thread(() -> {
                try (LoopThreads threads = LoopThreads.fit(16 * 48)) {
                    seen.set(0, JniUtils.getNumThreads());
                }
                seen.set(1, JniUtils.getNumThreads());
            });
            second.start();
            second.join();
        }
        assertThat(seen.get(0)).as("the second loop, during").isEqualTo(1);
        assertThat(seen.get(1)).as("the second thread, after its loop").isEqualTo(before);
        assertThat(JniUtils.getNumThreads()).as("the first thread, after its loop").isEqualTo(before);
    }
}

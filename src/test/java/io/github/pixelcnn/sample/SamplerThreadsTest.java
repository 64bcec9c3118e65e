package io.github.pixelcnn.sample;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.ModelType;
import io.github.pixelcnn.model.PixelModel;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Two samplers in one JVM, as in {@code serve} or a Spark executor: run at the same time on two
 * threads, each draws exactly the images it draws alone, and libtorch's thread count is what it
 * was before (on the calling thread and on a thread that starts computing afterwards). While a
 * sampler of these small arrays runs, its own thread computes on one libtorch thread ({@link LoopThreads}).
 */
class SamplerThreadsTest {
    @Test
    void twoSamplersAtOnceDrawWhatEachDrawsAloneAndLeaveTheThreadCountAlone() throws Exception {
        Engine.getInstance(); // loads libtorch before its first direct call
        int before = JniUtils.getNumThreads();
        try (NDManager m = NDManager.newBaseManager()) {
            PixelModel gated = CachedSamplerTest.model(m, 1, 16, 3, 3, 3, 256, 6, 6, 3);
            Engine.getInstance().setRandomSeed(12);
            PixelModel masked = PixelModel.create(ModelConfig.builder().setImage(1, 6, 6).optType(ModelType.PIXELCNN)
                    .optLayers(3).optChannels(8).optKernels(3, 3).optHeadChannels(8).build());
            masked.initialize(m);
            Callable<byte[]> first = () -> new CachedGatedSampler().sample(gated, Condition.sameClass(2, 3, 3), 3, 1f,
                    5, m);
            Callable<byte[]> second = () -> new CachedMaskedSampler().sample(masked, Condition.none(), 3, 1f, 6, m);
            // Mid-run, on the sampling thread (surefire gives libtorch 2 threads; 3 images × 16 or 8 channels need 1).
            assertThat(before).as("the threads this test starts from").isGreaterThan(1);
            int[] midRun = new int[2];
            new CachedGatedSampler().sample(gated, Condition.sameClass(2, 3, 3), 3, 1f, 5, m,
                    (y, x, ch, images) -> midRun[0] = y == 2 && x == 3 ? JniUtils.getNumThreads() : midRun[0]);
            new CachedMaskedSampler().sample(masked, Condition.none(), 3, 1f, 6, m,
                    (y, x, ch, images) -> midRun[1] = y == 2 && x == 3 ? JniUtils.getNumThreads() : midRun[1]);
            assertThat(midRun).as("libtorch's threads while each sampler runs").containsOnly(1);
            assertThat(JniUtils.getNumThreads()).as("after them, on the calling thread").isEqualTo(before);
            byte[] firstAlone = first.call();
            byte[] secondAlone = second.call();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 3; round++) {
                    List<Future<byte[]>> both = pool.invokeAll(List.of(first, second));
                    assertThat(both.get(0).get()).as("round %d, gated", round).isEqualTo(firstAlone);
                    assertThat(both.get(1).get()).as("round %d, masked", round).isEqualTo(secondAlone);
                }
            } finally {
                pool.shutdown();
            }
        }
        assertThat(JniUtils.getNumThreads()).as("on the calling thread").isEqualTo(before);
        assertThat(onAFreshThread()).as("on a thread that starts afterwards").isEqualTo(before);
    }

    /** libtorch's thread count as a thread that has not computed yet takes it up: the process-wide one. */
    private static int onAFreshThread() {
        int[] seen = new int[1];
        Thread t = new Thread(() -> seen[0] = JniUtils.getNumThreads());
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return seen[0];
    }
}

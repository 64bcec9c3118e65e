package io.github.pixelcnn.sample;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.GatedPixelCNN;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cached sampler computes the naive sampler's conditionals: with the same seed both give
 * byte-identical images, over colours, conditioning, kernels, non-square sizes and completion.
 */
class CachedSamplerTest {

    static Stream<Arguments> models() {
        return Stream.of(
                // colours, channels, layers, first kernel, kernel, levels, height, width, classes, temperature
                Arguments.of(1, 16, 3, 3, 3, 256, 5, 7, 0, 1f),
                Arguments.of(1, 16, 2, 5, 5, 256, 7, 5, 4, 1f),
                Arguments.of(1, 16, 3, 7, 3, 8, 6, 6, 0, 0.7f),
                Arguments.of(1, 16, 2, 3, 1, 16, 4, 9, 3, 1.3f),
                Arguments.of(3, 48, 2, 7, 3, 256, 5, 4, 0, 1f),
                Arguments.of(3, 48, 3, 5, 5, 32, 4, 5, 3, 1f),
                Arguments.of(3, 48, 2, 3, 3, 256, 3, 6, 2, 0.8f));
    }

    static PixelModel model(NDManager m, int colours, int channels, int layers, int first, int kernel, int levels,
            int h, int w, int classes) {
        ModelConfig cfg = ModelConfig.builder().setImage(colours, h, w).optLayers(layers).optChannels(channels)
                .optKernels(first, kernel).optHeadChannels(channels).optLevels(levels)
                .optConditioning(classes > 0 ? Conditioning.CLASS : Conditioning.NONE, classes).build();
        Engine.getInstance().setRandomSeed(11);
        PixelModel model = PixelModel.create(cfg);
        model.initialize(m);
        return model;
    }

    static Condition labels(int n, int classes) {
        if (classes == 0) {
            return Condition.none();
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
        }
        return Condition.classes(labels, classes);
    }

    @ParameterizedTest(name = "C={0} ch={1} L={2} k={3}/{4} levels={5} {6}x{7} classes={8} T={9}")
    @MethodSource("models")
    void cachedSamplesEqualNaive(int colours, int channels, int layers, int first, int kernel, int levels,
            int h, int w, int classes, float temperature) {
        try (NDManager m = NDManager.newBaseManager()) {
            PixelModel model = model(m, colours, channels, layers, first, kernel, levels, h, w, classes);
            int n = 3;
            byte[] naive = new NaiveSampler().sample(model, labels(n, classes), n, temperature, 42, m);
            byte[] cached = new CachedGatedSampler().sample(model, labels(n, classes), n, temperature, 42, m);
            assertThat(cached).isEqualTo(naive);
            assertThat(distinct(naive)).as("random weights give varied samples").isGreaterThan(1);
        }
    }

    @ParameterizedTest(name = "C={0} ch={1} L={2} k={3}/{4} levels={5} {6}x{7} classes={8} T={9}")
    @MethodSource("models")
    void cachedCompletionEqualsNaiveAndKeepsGivenPixels(int colours, int channels, int layers, int first,
            int kernel, int levels, int h, int w, int classes, float temperature) {
        try (NDManager m = NDManager.newBaseManager()) {
            PixelModel model = model(m, colours, channels, layers, first, kernel, levels, h, w, classes);
            int n = 2;
            int size = n * model.config().dims();
            SplittableRandom r = new SplittableRandom(5);
            byte[] given = new byte[size];
            boolean[] known = new boolean[size];
            for (int k = 0; k < size; k++) {
                given[k] = (byte) r.nextInt(levels);
                known[k] = r.nextInt(3) > 0; // a third unknown, scattered across sub-pixels
            }
            byte[] naive = new NaiveSampler().complete(model, labels(n, classes), given.clone(), known, n,
                    temperature, 9, m);
            byte[] cached = new CachedGatedSampler().complete(model, labels(n, classes), given.clone(), known, n,
                    temperature, 9, m);
            assertThat(cached).isEqualTo(naive);
            for (int k = 0; k < size; k++) {
                if (known[k]) {
                    assertThat(cached[k]).as("given sub-pixel %d", k).isEqualTo(given[k]);
                }
            }
        }
    }

    @Test
    void sameSeedSameImagesOtherSeedOtherImages() {
        try (NDManager m = NDManager.newBaseManager()) {
            PixelModel model = model(m, 1, 16, 2, 3, 3, 256, 6, 6, 0);
            Sampler sampler = Sampler.forModel(model);
            assertThat(sampler).isInstanceOf(CachedGatedSampler.class);
            byte[] a = sampler.sample(model, Condition.none(), 4, 1f, 1, m);
            byte[] b = sampler.sample(model, Condition.none(), 4, 1f, 1, m);
            byte[] c = sampler.sample(model, Condition.none(), 4, 1f, 2, m);
            assertThat(b).isEqualTo(a);
            assertThat(c).isNotEqualTo(a);
        }
    }

    @Test
    void rowsGivenAboveStayAndTheRestIsDrawn() {
        try (NDManager m = NDManager.newBaseManager()) {
            PixelModel model = model(m, 1, 16, 2, 3, 3, 256, 6, 5, 0);
            assertThat(model).isInstanceOf(GatedPixelCNN.class);
            int dims = model.config().dims();
            byte[] given = new byte[2 * dims];
            Arrays.fill(given, (byte) 200);
            boolean[] known = new boolean[2 * dims];
            for (int i = 0; i < 2; i++) {
                Arrays.fill(known, i * dims, i * dims + 3 * 5, true); // top 3 rows
            }
            byte[] out = new CachedGatedSampler().complete(model, Condition.none(), given.clone(), known, 2, 1f, 3, m);
            for (int k = 0; k < out.length; k++) {
                if (known[k]) {
                    assertThat(out[k]).isEqualTo((byte) 200);
                }
            }
            assertThat(Arrays.copyOfRange(out, 15, dims)).as("the bottom rows are drawn").isNotEqualTo(
                    Arrays.copyOfRange(given, 15, dims));
        }
    }

    /** How many different levels occur: a drawn image is not one flat colour. */
    static long distinct(byte[] values) {
        boolean[] seen = new boolean[256];
        long count = 0;
        for (byte v : values) {
            if (!seen[v & 0xff]) {
                seen[v & 0xff] = true;
                count++;
            }
        }
        return count;
    }
}

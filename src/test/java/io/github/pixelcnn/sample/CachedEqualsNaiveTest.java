package io.github.pixelcnn.sample;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ConditioningForm;
import io.github.pixelcnn.model.InputEncoding;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.ModelType;
import io.github.pixelcnn.model.PixelCnnAutoEncoder;
import io.github.pixelcnn.model.PixelModel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every cached path computes the naive sampler's conditionals: for the Gated PixelCNN, the masked
 * PixelCNN and the auto-encoder's decoder, for every form of h (none, a class's one-hot and a
 * vector entering globally, a spatial map, both), gray and RGB, non-square images and two
 * temperatures, in fp32 (bf16: {@link Bf16SamplingTest}), the same seed gives byte-identical samples and
 * completions through {@code fill}.
 */
class CachedEqualsNaiveTest {
    private static final int CLASSES = 3;
    private static final int VECTOR = 4;
    private static final int MAP_CHANNELS = 4;

    /** The kinds of h, as the network that draws sees it. */
    enum H { NONE, CLASS, VECTOR, SPATIAL, BOTH }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (int colours : new int[] {1, 3}) {
            for (H h : H.values()) {
                out.add(Arguments.of(ModelType.GATED, h, colours, InputEncoding.EMBED));
                if (h == H.NONE || h == H.CLASS || h == H.VECTOR) {
                    out.add(Arguments.of(ModelType.PIXELCNN, h, colours, InputEncoding.EMBED));
                }
                if (h == H.VECTOR || h == H.SPATIAL || h == H.BOTH) {
                    out.add(Arguments.of(ModelType.AUTOENCODER, h, colours, InputEncoding.EMBED));
                }
            }
        }
        // The scaled float input of older checkpoints, every model type, gray and RGB.
        out.add(Arguments.of(ModelType.GATED, H.CLASS, 3, InputEncoding.FLOAT));
        out.add(Arguments.of(ModelType.GATED, H.BOTH, 1, InputEncoding.FLOAT));
        out.add(Arguments.of(ModelType.PIXELCNN, H.VECTOR, 1, InputEncoding.FLOAT));
        out.add(Arguments.of(ModelType.PIXELCNN, H.NONE, 3, InputEncoding.FLOAT));
        out.add(Arguments.of(ModelType.AUTOENCODER, H.SPATIAL, 1, InputEncoding.FLOAT));
        // In bf16 the network keeps its activations in bf16 while the cached steps keep their sums
        // in float, so the two round at different points: Bf16SamplingTest checks them there.
        return out.stream();
    }

    /**
     * Samples at one temperature and completions at the other, swapped between gray and RGB, so
     * that each path meets both temperatures while the naive reference stays quick.
     */
    @ParameterizedTest(name = "{0} h={1} C={2} input={3}")
    @MethodSource("cases")
    void cachedEqualsNaiveForSamplesAndCompletions(ModelType type, H kind, int colours, InputEncoding input) {
        try (NDManager m = NDManager.newBaseManager()) {
            // Non-square, wide for gray and tall for RGB.
            int height = colours == 1 ? 4 : 5;
            int width = colours == 1 ? 6 : 3;
            float sampleTemperature = colours == 1 ? 1f : 0.8f;
            float completionTemperature = colours == 1 ? 0.8f : 1f;
            PixelModel model = model(type, kind, colours, height, width, input, m);
            PixelModel net = model instanceof PixelCnnAutoEncoder ae ? ae.decoder() : model;
            Sampler cached = Sampler.forModel(model);
            assertThat(cached).isInstanceOf(type == ModelType.PIXELCNN ? CachedMaskedSampler.class
                    : CachedGatedSampler.class);
            int n = 3;
            int dims = net.config().dims();
            NDArray h = h(kind, n, m);

            byte[] naive = fill(new NaiveSampler(), net, h, new byte[n * dims], null, n, sampleTemperature, 42, m);
            byte[] fast = fill(cached, net, h, new byte[n * dims], null, n, sampleTemperature, 42, m);
            assertThat(fast).as("samples").isEqualTo(naive);
            assertThat(CachedSamplerTest.distinct(naive)).as("random weights give varied samples").isGreaterThan(2);

            SplittableRandom r = new SplittableRandom(5);
            byte[] given = new byte[n * dims];
            boolean[] known = new boolean[n * dims];
            for (int k = 0; k < given.length; k++) {
                given[k] = (byte) r.nextInt(net.config().levels());
                known[k] = r.nextInt(3) > 0; // a third unknown, scattered across sub-pixels
            }
            byte[] naiveDone = fill(new NaiveSampler(), net, h, given.clone(), known, n, completionTemperature, 9, m);
            byte[] fastDone = fill(cached, net, h, given.clone(), known, n, completionTemperature, 9, m);
            assertThat(fastDone).as("completions").isEqualTo(naiveDone);
            for (int k = 0; k < given.length; k++) {
                if (known[k]) {
                    assertThat(fastDone[k]).as("given sub-pixel %d", k).isEqualTo(given[k]);
                }
            }
        }
    }

    private static byte[] fill(Sampler sampler, PixelModel net, NDArray h, byte[] images, boolean[] known, int n,
            float temperature, long seed, NDManager m) {
        try (NDManager session = m.newSubManager()) {
            sampler.fill(net, h, images, known, n, temperature, seed, session);
        }
        return images;
    }

    private static PixelModel model(ModelType type, H kind, int colours, int height, int width, InputEncoding input,
            NDManager m) {
        int channels = colours == 1 ? 8 : 12;
        int levels = colours == 1 ? 256 : 32;
        int firstKernel = type == ModelType.PIXELCNN ? 3 : 5;
        ConditioningForm form = kind == H.SPATIAL ? ConditioningForm.SPATIAL
                : kind == H.BOTH ? ConditioningForm.BOTH : ConditioningForm.GLOBAL;
        int mapChannels = form.spatial() ? MAP_CHANNELS : 0;
        ModelConfig.Builder cfg = ModelConfig.builder().setImage(colours, height, width)
                .optType(type == ModelType.AUTOENCODER ? ModelType.GATED : type).optLayers(3).optChannels(channels)
                .optKernels(firstKernel, 3).optHeadChannels(channels).optLevels(levels).optInput(input);
        if (type == ModelType.AUTOENCODER) {
            cfg.optAutoEncoder(VECTOR).optForm(form, mapChannels);
        } else if (kind == H.CLASS) {
            cfg.optConditioning(Conditioning.CLASS, CLASSES);
        } else if (kind != H.NONE) {
            cfg.optConditioning(Conditioning.VECTOR, VECTOR).optForm(form, mapChannels);
        }
        Engine.getInstance().setRandomSeed(11);
        PixelModel model = PixelModel.create(cfg.build());
        model.initialize(m);
        return model;
    }

    /** h as fill takes it: a one-hot per image for classes, random floats for vectors and codes. */
    private static NDArray h(H kind, int n, NDManager m) {
        if (kind == H.NONE) {
            return null;
        }
        if (kind == H.CLASS) {
            return m.create(new long[] {0, 2, 1}).oneHot(CLASSES, DataType.FLOAT32); // (N, K)
        }
        SplittableRandom r = new SplittableRandom(7);
        float[] values = new float[n * VECTOR];
        for (int k = 0; k < values.length; k++) {
            values[k] = (float) (r.nextDouble() * 4 - 2);
        }
        return m.create(values, new Shape(n, VECTOR)); // (N, K)
    }
}

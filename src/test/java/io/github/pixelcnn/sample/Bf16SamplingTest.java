package io.github.pixelcnn.sample;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ConditioningForm;
import io.github.pixelcnn.model.GatedPixelCNN;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.ModelType;
import io.github.pixelcnn.model.PixelCNN;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.nn.Precision;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * In bf16 the cached samplers compute the naive sampler's conditionals up to bf16 rounding, and
 * no more. The two paths round at different points: the network keeps its activations in bf16
 * from the first convolution to the head (as PyTorch's autocast does), while the cached steps run
 * only their products in bf16 and keep sums and gates in float; and the cached matrix products and
 * the network's convolutions accumulate in different orders. So in bf16 cached and naive images
 * are not byte-identical ({@code CachedEqualsNaiveTest} checks byte identity in fp32). What holds
 * is checked here, along one raster loop fed by the cached draws: at every drawn sub-pixel, the
 * cached bf16 logits lie within twice the bf16 network's own distance from the exact fp32
 * conditionals (each path rounds about as often; measured, the cached one is 1.0-1.15× as far),
 * while a wrong cached step (a missing term, a wrong row) moves them by the size of the logits.
 */
class Bf16SamplingTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(ModelType.GATED, Conditioning.CLASS, ConditioningForm.GLOBAL, 1),
                Arguments.of(ModelType.GATED, Conditioning.VECTOR, ConditioningForm.BOTH, 1),
                Arguments.of(ModelType.GATED, Conditioning.NONE, ConditioningForm.GLOBAL, 3),
                Arguments.of(ModelType.PIXELCNN, Conditioning.VECTOR, ConditioningForm.GLOBAL, 1));
    }

    @ParameterizedTest(name = "{0} h={1} {2} C={3}")
    @MethodSource("cases")
    void cachedLogitsMatchNaiveWithinBf16Rounding(ModelType type, Conditioning h, ConditioningForm form, int colours) {
        try (NDManager m = NDManager.newBaseManager()) {
            ModelConfig.Builder b = ModelConfig.builder().setImage(colours, 5, 4).optType(type).optLayers(3)
                    .optChannels(colours == 1 ? 8 : 12).optKernels(type == ModelType.PIXELCNN ? 3 : 5, 3)
                    .optHeadChannels(colours == 1 ? 16 : 12).optLevels(colours == 1 ? 256 : 32);
            if (h != Conditioning.NONE) {
                b.optConditioning(h, 3);
                if (form != ConditioningForm.GLOBAL) {
                    b.optForm(form, 4);
                }
            }
            Engine.getInstance().setRandomSeed(3);
            PixelModel model = PixelModel.create(b.build());
            model.initialize(m);
            model.setPrecision(Precision.BF16);
            int n = 3;
            NDArray cond = h == Conditioning.NONE ? null
                    : h == Conditioning.CLASS ? m.create(new long[] {0, 2, 1}).oneHot(3, DataType.FLOAT32)
                    : m.randomUniform(-2f, 2f, new Shape(n, 3)); // (N, K)
            byte[] images = new byte[n * model.config().dims()];
            Compare compare;
            try (NDManager session = m.newSubManager()) {
                RasterLoop.Conditionals cached = type == ModelType.PIXELCNN
                        ? CachedMaskedSampler.conditionals((PixelCNN) model, cond, images, n, session)
                        : CachedGatedSampler.conditionals((GatedPixelCNN) model, cond, images, n, session);
                compare = new Compare(model, cached, NaiveSampler.conditionals(model, cond, images, n));
                RasterLoop.run(compare, model.config(), images, null, n, 1f, Uniforms.shared(17), session, null);
            }
            assertThat(compare.steps).as("sub-pixels drawn").isEqualTo(model.config().dims());
            assertThat(compare.bf16VsFp32).as("bf16 rounding shows in the naive logits").isGreaterThan(0f);
            assertThat(compare.cachedVsFp32).as("max |cached bf16 - naive fp32|, against 2 max |naive bf16 - fp32| = %s",
                    2 * compare.bf16VsFp32).isLessThanOrEqualTo(2 * compare.bf16VsFp32);
        }
    }

    /** Runs the cached conditionals and checks each drawn sub-pixel's logits against the naive ones. */
    private static final class Compare implements RasterLoop.Conditionals {
        private final PixelModel model;
        private final RasterLoop.Conditionals cached;
        private final RasterLoop.Conditionals naive;
        int steps;
        float cachedVsFp32;
        float bf16VsFp32;

        Compare(PixelModel model, RasterLoop.Conditionals cached, RasterLoop.Conditionals naive) {
            this.model = model;
            this.cached = cached;
            this.naive = naive;
        }

        @Override
        public long valuesPerOp() {
            return cached.valuesPerOp();
        }

        @Override
        public void startRow(int y, NDManager row) {
            cached.startRow(y, row);
        }

        @Override
        public NDArray logits(int y, int x, int ch, boolean draw, NDManager row, NDManager step) {
            NDArray fast = cached.logits(y, x, ch, draw, row, step);
            if (fast == null) {
                return null;
            }
            steps++;
            NDArray bf16 = naive.logits(y, x, ch, draw, row, step); // (N, levels)
            model.setPrecision(Precision.FP32);
            NDArray fp32 = naive.logits(y, x, ch, draw, row, step); // (N, levels)
            model.setPrecision(Precision.BF16);
            cachedVsFp32 = Math.max(cachedVsFp32, fast.sub(fp32).abs().max().getFloat());
            bf16VsFp32 = Math.max(bf16VsFp32, bf16.sub(fp32).abs().max().getFloat());
            return fast;
        }

        @Override
        public void endPixel(int y, int x, NDManager row) {
            cached.endPixel(y, x, row);
        }

        @Override
        public void endRow(int y) {
            cached.endRow(y);
        }
    }
}

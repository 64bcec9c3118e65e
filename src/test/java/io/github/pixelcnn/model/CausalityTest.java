package io.github.pixelcnn.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.nn.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Sub-pixel i never depends on sub-pixels at or after i, and does depend on earlier ones. */
class CausalityTest {
    private static NDManager manager;

    @BeforeAll
    static void setUp() {
        Engine.getInstance().setRandomSeed(7);
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    static Stream<Arguments> gatedConfigs() {
        List<Arguments> list = new ArrayList<>();
        for (int colours : new int[] {1, 3}) {
            for (boolean conditional : new boolean[] {false, true}) {
                for (int[] kernels : new int[][] {{7, 3}, {5, 5}, {3, 3}}) {
                    list.add(Arguments.of(colours, conditional, kernels[0], kernels[1], 5, 7));
                }
            }
        }
        list.add(Arguments.of(3, true, 7, 3, 6, 4));
        list.add(Arguments.of(1, false, 3, 5, 8, 3));
        return list.stream();
    }

    @ParameterizedTest(name = "gated C={0} cond={1} k={2}/{3} {4}x{5}")
    @MethodSource("gatedConfigs")
    void gatedPixelCnnIsCausal(int colours, boolean conditional, int first, int kernel, int h, int w) {
        ModelConfig cfg = config(ModelType.GATED, colours, conditional, first, kernel, h, w, 4);
        assertCausal(cfg);
    }

    @ParameterizedTest(name = "pixelcnn C={0} cond={1}")
    @MethodSource("pixelCnnConfigs")
    void maskedPixelCnnIsCausal(int colours, boolean conditional) {
        assertCausal(config(ModelType.PIXELCNN, colours, conditional, 7, 3, 5, 6, 3));
    }

    /** The scaled float input of older checkpoints: one input channel per colour, the same masks. */
    @ParameterizedTest(name = "float input {0} C={1} cond={2}")
    @MethodSource("floatConfigs")
    void floatInputIsCausal(ModelType type, int colours, boolean conditional) {
        assertCausal(config(type, colours, conditional, 5, 3, 4, 5, 3).toBuilder().optInput(InputEncoding.FLOAT).build());
    }

    static Stream<Arguments> floatConfigs() {
        return Stream.of(
                Arguments.of(ModelType.GATED, 1, true), Arguments.of(ModelType.GATED, 3, false),
                Arguments.of(ModelType.PIXELCNN, 3, true), Arguments.of(ModelType.PIXELCNN, 1, false));
    }

    /**
     * bf16 rounds every convolution's inputs and kernels, but a masked tap is still an exact zero
     * and the stacks' padding still crops the future: the zeros must stay exact. Only the zeros are
     * checked here: in bf16 a gate can saturate (tanh rounds to exactly ±1 beyond |f| ≈ 4.5), which
     * zeroes a real dependence's gradient; the float64 tests above prove the dependences.
     */
    @ParameterizedTest(name = "bf16 {0} C={1} cond={2} k={3}/{4} {5}")
    @MethodSource("bf16Configs")
    void bf16KeepsExactZeros(ModelType type, int colours, boolean conditional, int first, int kernel,
            ConditioningForm form) {
        ModelConfig cfg = config(type, colours, conditional, first, kernel, 5, 6, 3);
        if (form != ConditioningForm.GLOBAL) {
            cfg = cfg.toBuilder().optForm(form, 4).build();
        }
        PixelModel model = PixelModel.create(cfg);
        try (NDManager m = manager.newSubManager()) {
            model.initialize(m, ai.djl.ndarray.types.DataType.FLOAT64);
            model.setPrecision(Precision.BF16);
            assertCausal(model, m, false);
        }
    }

    static Stream<Arguments> bf16Configs() {
        return Stream.of(
                Arguments.of(ModelType.GATED, 1, true, 7, 3, ConditioningForm.GLOBAL),
                Arguments.of(ModelType.GATED, 3, false, 5, 5, ConditioningForm.GLOBAL),
                Arguments.of(ModelType.GATED, 3, true, 7, 3, ConditioningForm.BOTH),
                Arguments.of(ModelType.GATED, 1, true, 3, 3, ConditioningForm.SPATIAL),
                Arguments.of(ModelType.PIXELCNN, 3, true, 7, 3, ConditioningForm.GLOBAL),
                Arguments.of(ModelType.PIXELCNN, 1, false, 5, 3, ConditioningForm.GLOBAL));
    }

    static Stream<Arguments> pixelCnnConfigs() {
        return Stream.of(
                Arguments.of(1, false), Arguments.of(3, false), Arguments.of(3, true), Arguments.of(1, true));
    }

    static ModelConfig config(
            ModelType type, int colours, boolean conditional, int first, int kernel, int h, int w, int layers) {
        ModelConfig.Builder b = ModelConfig.builder().setImage(colours, h, w).optType(type).optLayers(layers)
                .optChannels(12).optKernels(first, kernel).optHeadChannels(24).optLevels(8);
        return (conditional ? b.optConditioning(Conditioning.VECTOR, 3) : b).build();
    }

    private static void assertCausal(ModelConfig cfg) {
        PixelModel model = PixelModel.create(cfg);
        try (NDManager m = manager.newSubManager()) {
            model.initialize(m, ai.djl.ndarray.types.DataType.FLOAT64);
            assertCausal(model, m, true);
        }
    }

    /**
     * Asserts causality of a float64 model (with a random h when conditional): exact zeros for
     * the current and later sub-pixels and, when {@code dependence} is set, some dependence on
     * earlier ones.
     */
    static void assertCausal(PixelModel model, NDManager m, boolean dependence) {
        ModelConfig cfg = model.config();
        // A ReLU in the head can be inactive at a position for one image, hiding a real
        // dependence; six random images make the "depends on something earlier" check
        // robust, and each of them must show exact zeros for the future.
        int d = cfg.dims();
        boolean[] dependsOnPast = new boolean[d];
        for (long seed = 11; seed < 17; seed++) {
            float[][] grad = DependenceProbe.dependence(model, m, seed);
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    assertThat(grad[i][j])
                            .as("d logits(sub-pixel %d) / d input(sub-pixel %d) must be 0", i, j)
                            .isZero();
                }
                for (int j = 0; j < i; j++) {
                    dependsOnPast[i] |= grad[i][j] != 0f;
                }
            }
        }
        for (int i = 1; i < d && dependence; i++) {
            assertThat(dependsOnPast[i]).as("sub-pixel %d depends on some earlier sub-pixel", i).isTrue();
        }
    }
}

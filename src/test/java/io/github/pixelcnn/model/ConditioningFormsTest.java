package io.github.pixelcnn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.nn.Precision;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Vector conditioning in its three forms (global, spatial, both) and the PixelCNN auto-encoder:
 * causality by gradients, shapes, and config rules.
 */
class ConditioningFormsTest {
    private static NDManager manager;

    @BeforeAll
    static void setUp() {
        Engine.getInstance().setRandomSeed(3);
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    private static ModelConfig vector(int colours, int h, int w, ConditioningForm form, int k) {
        return ModelConfig.builder().setImage(colours, h, w).optType(ModelType.GATED).optLayers(3).optChannels(12)
                .optKernels(5, 3).optHeadChannels(24).optLevels(8).optConditioning(Conditioning.VECTOR, k)
                .optForm(form, form == ConditioningForm.GLOBAL ? 0 : 4).build();
    }

    @ParameterizedTest(name = "vector h, {0}, C={1}, {2}x{3}")
    @CsvSource({"GLOBAL,1,5,7", "SPATIAL,1,5,7", "BOTH,1,5,7", "SPATIAL,3,6,4", "BOTH,3,4,5", "BOTH,1,9,3"})
    void everyFormIsCausal(ConditioningForm form, int colours, int h, int w) {
        PixelModel model = PixelModel.create(vector(colours, h, w, form, 3));
        try (NDManager m = manager.newSubManager()) {
            model.initialize(m, DataType.FLOAT64);
            CausalityTest.assertCausal(model, m, true);
        }
    }

    /**
     * The network adds each layer's {@code V * s} from its own 1×1 convolution per gate; the logits are those
     * of eq. (5) with all layers' maps made at once ({@link #allLayersMaps}), sliced per layer.
     */
    /** {@code V * m(h)} of every layer at once, (N, L, 4C, H, W): eq. (5) as one 1×1 convolution. */
    private static NDArray allLayersMaps(GatedPixelCNN gated, NDArray h) {
        NDArray s = gated.conditionMap().apply(h); // (N, S, H, W)
        NDArray all = gated.mapProjection().apply(s); // (N, L·4C, H, W)
        Shape shape = all.getShape();
        return all.reshape(shape.get(0), gated.layers().size(), shape.get(1) / gated.layers().size(), shape.get(2),
                shape.get(3)); // (N, L, 4C, H, W)
    }

    @ParameterizedTest(name = "{0}, C={1}")
    @CsvSource({"SPATIAL,1", "BOTH,1", "SPATIAL,3", "BOTH,3"})
    void eachLayersMapTermIsItsSliceOfAllLayersMaps(ConditioningForm form, int colours) {
        PixelModel model = PixelModel.create(vector(colours, 5, 4, form, 3));
        try (NDManager m = manager.newSubManager()) {
            model.initialize(m, DataType.FLOAT64);
            GatedPixelCNN gated = (GatedPixelCNN) model;
            NDArray x = m.randomInteger(0, 8, new Shape(2, colours, 5, 4), DataType.INT32); // (N, C, H, W)
            NDArray h = m.randomNormal(new Shape(2, 3)).toType(DataType.FLOAT64, false); // (N, K)
            NDArray logits = gated.logits(x, h); // (N, levels, C, H, W)

            NDArray maps = allLayersMaps(gated, h); // (N, L, 4C, H, W)
            NDArray biases = gated.conditionBiases(h); // (N, L, 4C, 1, 1) or null
            NDArray vertical = gated.features(x); // (N, Cin, H, W)
            NDArray horizontal = vertical;
            NDArray skip = null;
            for (int l = 0; l < gated.layers().size(); l++) {
                NDArray terms = biases == null ? maps.get(":, " + l) : maps.get(":, " + l).add(biases.get(":, " + l));
                NDList halves = terms.split(2, 1); // 2 × (N, 2C, H, W)
                NDList out = gated.layers().get(l).apply(vertical, horizontal, halves.get(0), halves.get(1),
                        Precision.FP32);
                vertical = out.get(0);
                horizontal = out.get(1);
                skip = skip == null ? out.get(2) : skip.add(out.get(2));
            }
            NDArray expected = gated.head().apply(skip, Precision.FP32); // (N, levels, C, H, W)
            assertThat(logits.getShape()).isEqualTo(expected.getShape());
            assertThat(logits.sub(expected).abs().max().getDouble()).isLessThan(1e-12);
        }
    }

    @ParameterizedTest(name = "auto-encoder decoder given h, {0}")
    @EnumSource(ConditioningForm.class)
    void autoEncoderDecoderIsCausalGivenTheCode(ConditioningForm form) {
        ModelConfig cfg = ModelConfig.builder().setImage(1, 6, 5).optLayers(3).optChannels(12).optKernels(5, 3)
                .optHeadChannels(24).optLevels(8).optAutoEncoder(4).optForm(form, form.spatial() ? 4 : 0).build();
        PixelCnnAutoEncoder ae = (PixelCnnAutoEncoder) PixelModel.create(cfg);
        try (NDManager m = manager.newSubManager()) {
            ae.initialize(m, DataType.FLOAT64);
            CausalityTest.assertCausal(ae.decoder(), m, true);
        }
    }

    @Test
    void spatialMapVariesOverPositionsAndGlobalBiasDoesNot() {
        PixelModel model = PixelModel.create(vector(1, 7, 6, ConditioningForm.BOTH, 5));
        try (NDManager m = manager.newSubManager()) {
            model.initialize(m);
            GatedPixelCNN gated = (GatedPixelCNN) model;
            NDArray h = m.randomNormal(new Shape(2, 5)); // (N, K)
            NDArray maps = allLayersMaps(gated, h); // (N, L, 4C, H, W)
            assertThat(maps.getShape()).isEqualTo(new Shape(2, 3, 48, 7, 6));
            NDArray flat = maps.reshape(2, 3, 48, 42); // (N, L, 4C, H·W)
            NDArray spread = flat.max(new int[] {3}).sub(flat.min(new int[] {3})); // (N, L, 4C)
            assertThat(spread.max().getFloat()).isGreaterThan(0f);
            assertThat(gated.conditionBiases(h).getShape()).isEqualTo(new Shape(2, 3, 48, 1, 1));
        }
    }

    @ParameterizedTest(name = "M={0}, {1}, {2}x{3}")
    @CsvSource({
        "1,GLOBAL,8,8", "10,GLOBAL,28,28", "100,GLOBAL,7,9",
        "1,SPATIAL,8,8", "10,SPATIAL,28,28", "100,SPATIAL,7,9", "10,BOTH,5,6"
    })
    void shapesForEveryCodeSize(int m, ConditioningForm form, int h, int w) {
        ModelConfig cfg = ModelConfig.builder().setImage(1, h, w).optLayers(2).optChannels(8).optKernels(5, 3)
                .optHeadChannels(16).optAutoEncoder(m).optForm(form, form.spatial() ? 3 : 0).build();
        try (NDManager sub = manager.newSubManager()) {
            PixelCnnAutoEncoder ae = (PixelCnnAutoEncoder) PixelModel.create(cfg);
            ae.initialize(sub);
            NDArray x = sub.randomInteger(0, 256, new Shape(3, 1, h, w), DataType.INT32); // (N, C, H, W)
            assertThat(ae.encode(x).getShape()).isEqualTo(new Shape(3, m));
            assertThat(ae.logits(x, Condition.ownCode()).getShape()).isEqualTo(new Shape(3, 256, 1, h, w));

            PixelModel conditional = PixelModel.create(vector(1, h, w, form, m));
            conditional.initialize(sub);
            NDArray hv = sub.randomNormal(new Shape(3, m)); // (N, M)
            NDArray x8 = sub.randomInteger(0, 8, new Shape(3, 1, h, w), DataType.INT32); // (N, C, H, W), 8 levels
            assertThat(conditional.logits(x8, hv).getShape()).isEqualTo(new Shape(3, 8, 1, h, w));
        }
    }

    @Test
    void configRulesAndOldJsonStayReadable() {
        ModelConfig old = ModelConfig.builder().setImage(1, 8, 8).optLayers(2).optChannels(8).optHeadChannels(16).build();
        String json = old.toJson().replaceAll(",\\s*\"form\"[^,]*", "").replaceAll(",\\s*\"mapChannels\"[^,]*", "")
                .replaceAll(",\\s*\"bottleneck\"[^,}]*", "");
        assertThat(json).doesNotContain("form").doesNotContain("bottleneck");
        assertThat(ModelConfig.fromJson(json)).isEqualTo(old);
        assertThat(old.form()).isEqualTo(ConditioningForm.GLOBAL);

        ModelConfig ae = old.toBuilder().optAutoEncoder(10).optForm(ConditioningForm.BOTH, 4).build();
        assertThat(ModelConfig.fromJson(ae.toJson())).isEqualTo(ae);
        assertThatThrownBy(() -> old.toBuilder().optForm(ConditioningForm.SPATIAL, 4).build())
                .isInstanceOf(BadInputException.class).hasMessageContaining("needs an h");
        assertThatThrownBy(() -> old.toBuilder().optConditioning(Conditioning.VECTOR, 3)
                        .optForm(ConditioningForm.SPATIAL, 0).build())
                .isInstanceOf(BadInputException.class).hasMessageContaining("at least 1 channel");
        assertThatThrownBy(() -> old.toBuilder().optAutoEncoder(0).build())
                .isInstanceOf(BadInputException.class).hasMessageContaining("bottleneck");
    }
}

package io.github.pixelcnn.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ConditioningForm;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.ModelType;
import io.github.pixelcnn.model.PixelCnnAutoEncoder;
import io.github.pixelcnn.model.PixelModel;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Completion for every kind of model and h: given pixels stay, and the auto-encoder's code is fixed. */
class ConditionedCompletionTest {
    private static final ModelConfig BASE =
            ModelConfig.builder().setImage(1, 8, 8).optType(ModelType.GATED).optLayers(2).optChannels(8).optKernels(3, 3).optHeadChannels(16).optLevels(256).build();
    private static final int INPUTS = 2;
    private static final int COMPLETIONS = 2;

    static Stream<Arguments> kinds() {
        return Stream.of(
                Arguments.of("unconditional", BASE),
                Arguments.of("masked PixelCNN", BASE.toBuilder().optType(ModelType.PIXELCNN).build()),
                Arguments.of("class", BASE.toBuilder().optConditioning(Conditioning.CLASS, 3).build()),
                Arguments.of("vector", BASE.toBuilder().optConditioning(Conditioning.VECTOR, 2).build()),
                Arguments.of("spatial vector", BASE.toBuilder().optConditioning(Conditioning.VECTOR, 2).optForm(ConditioningForm.SPATIAL, 3).build()),
                Arguments.of("auto-encoder", BASE.toBuilder().optAutoEncoder(4).optForm(ConditioningForm.BOTH, 3).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void completionKeepsTheGivenPixels(String name, ModelConfig cfg) {
        try (NDManager m = NDManager.newBaseManager()) {
            PixelModel model = model(cfg, m);
            byte[] inputs = inputs(new Random(1));
            Completion completion = new Completion(cfg, inputs, INPUTS, Completion.keepRows(4, 8, 8), COMPLETIONS);
            byte[] out = completion.run(Sampler.forModel(model), model, condition(model, completion, m), 1f, 5, m);
            for (int i = 0; i < INPUTS * COMPLETIONS; i++) {
                for (int p = 0; p < 64; p++) {
                    if (p < 32) {
                        assertThat(out[i * 64 + p]).as("%s: kept pixel %d of completion %d", name, p, i)
                                .isEqualTo(inputs[(i / COMPLETIONS) * 64 + p]);
                    }
                }
            }
        }
    }

    @Test
    void theAutoEncodersCompletionIgnoresTheHiddenPixels() {
        ModelConfig cfg = BASE.toBuilder().optAutoEncoder(4).optForm(ConditioningForm.BOTH, 3).build();
        try (NDManager m = NDManager.newBaseManager()) {
            PixelCnnAutoEncoder ae = (PixelCnnAutoEncoder) model(cfg, m);
            byte[] inputs = inputs(new Random(2));
            for (int p = 32; p < 64; p++) {
                inputs[64 + p] = (byte) (255 - inputs[p]); // same top rows, other bottoms
            }
            System.arraycopy(inputs, 0, inputs, 64, 32);
            assertThat(java.util.Arrays.equals(inputs, 0, 64, inputs, 64, 128)).isFalse();
            byte[][] completed = new byte[2][];
            for (int i = 0; i < 2; i++) {
                byte[] one = java.util.Arrays.copyOfRange(inputs, i * 64, (i + 1) * 64);
                Completion c = new Completion(cfg, one, 1, Completion.keepRows(4, 8, 8), 2);
                completed[i] = c.run(new NaiveSampler(), ae, Condition.encode(ae, c.occluded(), 1, 1, m), 1f, 9, m);
            }
            assertThat(completed[1]).isEqualTo(completed[0]);
        }
    }

    @Test
    void theAutoEncodersCodeStaysFixedWhileTheImageIsDrawn() {
        ModelConfig cfg = BASE.toBuilder().optAutoEncoder(4).build();
        try (NDManager m = NDManager.newBaseManager()) {
            PixelCnnAutoEncoder ae = (PixelCnnAutoEncoder) model(cfg, m);
            byte[] inputs = inputs(new Random(3));
            Completion c = new Completion(cfg, inputs, INPUTS, Completion.keepRows(3, 8, 8), 1);
            Condition codes = Condition.encode(ae, c.occluded(), INPUTS, INPUTS, m);
            byte[] viaAutoEncoder = c.run(new NaiveSampler(), ae, codes, 1f, 4, m);
            // The decoder alone, given the same vectors from start to end, draws the same pixels.
            Completion asDecoder = new Completion(ae.decoder().config(), inputs, INPUTS, Completion.keepRows(3, 8, 8), 1);
            byte[] viaDecoder = asDecoder.run(new NaiveSampler(), ae.decoder(),
                    Condition.vectors(codes.values(), 4), 1f, 4, m);
            assertThat(viaAutoEncoder).isEqualTo(viaDecoder);
        }
    }

    @Test
    void samplersRefuseAnHOfAnotherKind() {
        try (NDManager m = NDManager.newBaseManager()) {
            PixelModel model = model(BASE.toBuilder().optConditioning(Conditioning.CLASS, 3).build(), m);
            assertThatThrownBy(() -> Sampler.forModel(model).sample(model, Condition.none(), 2, 1f, 1, m))
                    .isInstanceOf(BadInputException.class)
                    .hasMessage("h: the model was trained on class labels of 3 classes, got no h (unconditional)");
            assertThatThrownBy(() -> new NaiveSampler().sample(model, Condition.marginal(Condition.uniformPrior(3)), 2,
                    1f, 1, m)).hasMessageContaining("not the marginal");
        }
    }

    private static PixelModel model(ModelConfig cfg, NDManager m) {
        Engine.getInstance().setRandomSeed(7);
        PixelModel model = PixelModel.create(cfg);
        model.initialize(m);
        return model;
    }

    private static byte[] inputs(Random random) {
        byte[] px = new byte[INPUTS * 64];
        random.nextBytes(px);
        return px;
    }

    /** One h per input, of the model's kind; the auto-encoder's code of each occluded input. */
    private static Condition condition(PixelModel model, Completion completion, NDManager m) {
        ModelConfig cfg = model.config();
        return switch (Conditioning.of(cfg)) {
            case NONE -> Condition.none();
            case CLASS -> Condition.classes(new int[] {2, 0}, 3);
            case VECTOR -> Condition.vectors(new float[] {0.5f, -1f, 2f, 0.25f}, 2);
            case CODE -> Condition.encode((PixelCnnAutoEncoder) model, completion.occluded(), INPUTS, INPUTS, m);
        };
    }
}

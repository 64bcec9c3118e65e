package io.github.pixelcnn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.pixelcnn.BadInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Output shapes over a grid of settings, config validation, and the config's JSON round trip. */
class ShapesTest {

    static Stream<Arguments> grid() {
        List<Arguments> list = new ArrayList<>();
        int[][] sizes = {{5, 9}, {9, 5}, {6, 6}, {1, 4}};
        int[][] kernels = {{3, 3}, {5, 5}, {7, 3}};
        for (ModelType type : new ModelType[] {ModelType.PIXELCNN, ModelType.GATED}) { // the auto-encoder: ConditioningFormsTest
            for (int colours : new int[] {1, 3}) {
                for (boolean conditional : new boolean[] {false, true}) {
                    for (int s = 0; s < sizes.length; s++) {
                        int[] k = kernels[(s + colours) % kernels.length];
                        list.add(Arguments.of(type, colours, conditional, sizes[s][0], sizes[s][1], k[0], k[1]));
                    }
                }
            }
        }
        // every kernel pair on the non-square size, both types
        for (ModelType type : new ModelType[] {ModelType.PIXELCNN, ModelType.GATED}) { // the auto-encoder: ConditioningFormsTest
            for (int[] k : kernels) {
                list.add(Arguments.of(type, 3, true, 5, 9, k[0], k[1]));
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0} C={1} cond={2} {3}x{4} k={5}/{6}")
    @MethodSource("grid")
    void logitsHaveShapeNLevelsCHW(
            ModelType type, int colours, boolean conditional, int h, int w, int first, int kernel) {
        ModelConfig cfg = ModelConfig.builder().setImage(colours, h, w).optType(type).optLayers(2).optChannels(12)
                .optKernels(first, kernel).optHeadChannels(24).optLevels(8)
                .optConditioning(conditional ? Conditioning.CLASS : Conditioning.NONE, conditional ? 4 : 0).build();
        PixelModel model = PixelModel.create(cfg);
        try (NDManager m = NDManager.newBaseManager()) {
            model.initialize(m);
            int n = 3;
            NDArray images = m.randomInteger(0, 8, new Shape(n, colours, h, w), ai.djl.ndarray.types.DataType.INT32);
            NDArray cond = conditional ? m.randomNormal(new Shape(n, 4)) : null;
            NDArray logits = model.logits(images, cond);
            Shape expected = new Shape(n, 8, colours, h, w);
            assertThat(logits.getShape()).isEqualTo(expected);
            assertThat(model.getOutputShapes(new Shape[] {images.getShape()})[0]).isEqualTo(expected);
            float[] values = logits.toFloatArray();
            for (float v : values) {
                assertThat(Float.isFinite(v)).isTrue();
            }
        }
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("even kernel", (Runnable) () -> cfg(ModelType.GATED, 7, 4, 12, 24, 8, 1, Conditioning.NONE, 0), "kernel must be odd"),
                Arguments.of("even first kernel", (Runnable) () -> cfg(ModelType.PIXELCNN, 6, 3, 12, 24, 8, 1, Conditioning.NONE, 0), "first kernel must be odd"),
                Arguments.of("gated first kernel 1", (Runnable) () -> cfg(ModelType.GATED, 1, 3, 12, 24, 8, 1, Conditioning.NONE, 0), "first kernel"),
                Arguments.of("RGB channels 10", (Runnable) () -> cfg(ModelType.GATED, 7, 3, 10, 24, 8, 3, Conditioning.NONE, 0), "channels"),
                Arguments.of("RGB head 20", (Runnable) () -> cfg(ModelType.PIXELCNN, 7, 3, 12, 20, 8, 3, Conditioning.NONE, 0), "head channels"),
                Arguments.of("levels 1", (Runnable) () -> cfg(ModelType.GATED, 7, 3, 12, 24, 1, 1, Conditioning.NONE, 0), "levels"),
                Arguments.of("levels 257", (Runnable) () -> cfg(ModelType.GATED, 7, 3, 12, 24, 257, 1, Conditioning.NONE, 0), "levels"),
                Arguments.of("image channels 2", (Runnable) () -> cfg(ModelType.GATED, 7, 3, 12, 24, 8, 2, Conditioning.NONE, 0), "image channels"),
                Arguments.of("conditional size 0", (Runnable) () -> cfg(ModelType.GATED, 7, 3, 12, 24, 8, 1, Conditioning.VECTOR, 0), "size"),
                Arguments.of("unconditional size 3", (Runnable) () -> cfg(ModelType.GATED, 7, 3, 12, 24, 8, 1, Conditioning.NONE, 3), "condition size"),
                Arguments.of("layers 0", (Runnable) () -> ModelConfig.builder().setImage(1, 8, 8).optType(ModelType.GATED).optLayers(0).optChannels(12).optKernels(7, 3).optHeadChannels(24).optLevels(8).build(), "layers"),
                Arguments.of("height 0", (Runnable) () -> ModelConfig.builder().setImage(1, 0, 8).optType(ModelType.GATED).optLayers(2).optChannels(12).optKernels(7, 3).optHeadChannels(24).optLevels(8).build(), "image size"),
                Arguments.of("type null", (Runnable) () -> ModelConfig.builder().setImage(1, 8, 8).optType(null).optLayers(2).optChannels(12).optKernels(7, 3).optHeadChannels(24).optLevels(8).build(), "type"));
    }

    private static ModelConfig cfg(
            ModelType type, int first, int kernel, int channels, int head, int levels, int colours, Conditioning cond, int size) {
        return ModelConfig.builder().setImage(colours, 8, 8).optType(type).optLayers(2).optChannels(channels).optKernels(first, kernel).optHeadChannels(head).optLevels(levels).optConditioning(cond, size).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidConfigIsRejectedNamingTheField(String what, Runnable build, String field) {
        assertThatThrownBy(build::run)
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("model config: ")
                .hasMessageContaining(field);
    }

    @Test
    void nullConditioningMeansNone() {
        ModelConfig c = ModelConfig.builder().setImage(1, 8, 8).optType(ModelType.GATED).optLayers(2).optChannels(12).optKernels(7, 3).optHeadChannels(24).optLevels(8).optConditioning(null, 0).build();
        assertThat(c.conditioning()).isEqualTo(Conditioning.NONE);
        assertThat(c.isConditional()).isFalse();
    }

    @Test
    void jsonRoundTripGivesAnEqualConfig() {
        List<ModelConfig> configs =
                List.of(
                        ModelConfig.reference(),
                        ModelConfig.builder().setImage(3, 5, 9).optLayers(3).optChannels(12).optHeadChannels(24).build(),
                        ModelConfig.builder().setImage(1, 5, 9).optType(ModelType.PIXELCNN).optLayers(4).optChannels(12).optKernels(7, 3).optHeadChannels(24).optLevels(8).build(),
                        ModelConfig.builder().setImage(3, 9, 5).optType(ModelType.GATED).optLayers(2).optChannels(12).optKernels(5, 5).optHeadChannels(24).optLevels(16).optConditioning(Conditioning.CLASS, 10).build(),
                        ModelConfig.builder().setImage(3, 4, 4).optType(ModelType.PIXELCNN).optLayers(2).optChannels(12).optKernels(3, 3).optHeadChannels(24).optLevels(2).optConditioning(Conditioning.VECTOR, 7).build());
        for (ModelConfig c : configs) {
            String json = c.toJson();
            ModelConfig back = ModelConfig.fromJson(json);
            assertThat(back).isEqualTo(c);
            assertThat(back.toJson()).isEqualTo(json);
            assertThat(back.dims()).isEqualTo(c.imageChannels() * c.height() * c.width());
        }
    }

    @Test
    void badJsonIsBadInput() {
        assertThatThrownBy(() -> ModelConfig.fromJson("{ not json")).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> ModelConfig.fromJson("")).isInstanceOf(BadInputException.class);
    }

    /**
     * A well-formed JSON config that breaks a rule (levels 1; or "{}", where type is missing) should
     * fail as BadInputException naming the field. It does not: Gson builds records through the
     * canonical constructor by reflection and wraps the constructor's BadInputException in a plain
     * RuntimeException ("Failed to invoke constructor ..."), which ModelConfig.fromJson does not
     * catch, so the command line would not report it as bad input (exit code 2).
     */
    @Test
    void ruleBreakingJsonIsBadInputNamingTheField() {
        String json = ModelConfig.reference().toJson().replace("\"levels\": 256", "\"levels\": 1");
        assertThat(json).contains("\"levels\": 1");
        assertThatThrownBy(() -> ModelConfig.fromJson(json))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("levels");
        assertThatThrownBy(() -> ModelConfig.fromJson("{}"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("type");
    }
}

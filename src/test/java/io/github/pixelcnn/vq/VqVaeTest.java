package io.github.pixelcnn.vq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.Seeds;
import io.github.pixelcnn.train.TrainState;
import java.nio.file.Path;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The VQ-VAE: straight-through gradients, shapes through encode and decode, refusals, checkpoints. */
class VqVaeTest {
    static VqVaeConfig tiny(int colours, int side, int downsamples, int codes, double beta) {
        return new VqVaeConfig(colours, side, side, 8, 1, downsamples, codes, 3, beta, 0.99, 1.0);
    }

    static VqVae model(VqVaeConfig c, NDManager manager) {
        Seeds.seedEngine(5);
        VqVae model = new VqVae(c);
        model.initialize(manager);
        return model;
    }

    static NDArray images(NDManager manager, int n, VqVaeConfig c, long seed) {
        byte[] pixels = new byte[n * c.imageChannels() * c.height() * c.width()];
        new Random(seed).nextBytes(pixels);
        return manager.create(pixels, new Shape(n, c.imageChannels(), c.height(), c.width())).toType(DataType.UINT8,
                false); // (N, C, H, W)
    }

    /**
     * With β = 0 the loss is the reconstruction error alone, which reaches the encoder only through
     * the quantisation: without the straight-through estimator the encoder's gradient would be 0.
     */
    @Test
    void theStraightThroughGradientReachesTheEncoder() {
        VqVaeConfig c = tiny(1, 8, 2, 4, 0);
        try (NDManager manager = NDManager.newBaseManager(); VqVae model = model(c, manager)) {
            NDArray x = images(manager, 4, c, 1);
            model.placeCodebook(x, new SplittableRandom(1));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(model.forward(x).loss());
            }
            for (Pair<String, Parameter> p : model.namedParameters()) {
                if (p.getKey().startsWith("01VqEncoder") || p.getKey().contains("encoder")) {
                    try (NDArray g = p.getValue().getArray().getGradient()) {
                        float norm = g.abs().sum().getFloat();
                        assertThat(norm).as(p.getKey()).isGreaterThan(0f).isFinite();
                    }
                }
            }
            assertThat(model.namedParameters()).anyMatch(p -> p.getKey().contains("encoder"));
        }
    }

    @ParameterizedTest(name = "{0} colours, {1}x{1}, {2} downsamples")
    @CsvSource({"1, 8, 2", "1, 8, 1", "3, 16, 3", "3, 4, 2"})
    void encodeThenDecodeRoundTripsTheShapes(int colours, int side, int downsamples) {
        VqVaeConfig c = tiny(colours, side, downsamples, 5, 0.25);
        try (NDManager manager = NDManager.newBaseManager(); VqVae model = model(c, manager)) {
            NDArray x = images(manager, 3, c, 2);
            model.placeCodebook(x, new SplittableRandom(1));
            NDArray codes = model.encode(x);
            int grid = side >> downsamples;
            assertThat(codes.getShape()).isEqualTo(new Shape(3, grid, grid));
            assertThat(java.util.Arrays.stream(codes.toIntArray()).allMatch(k -> k >= 0 && k < 5)).isTrue();
            NDArray back = model.decode(codes);
            assertThat(back.getShape()).isEqualTo(x.getShape());
            assertThat(back.getDataType()).isEqualTo(DataType.UINT8);
            // The blocks' declared shapes say the same as what they compute.
            Shape grid3 = new Shape(3, c.codeDim(), grid, grid);
            assertThat(new VqEncoder(c).getOutputShapes(new Shape[] {x.getShape()})).containsExactly(grid3);
            assertThat(new VqDecoder(c).getOutputShapes(new Shape[] {grid3})).containsExactly(x.getShape());
        }
    }

    @Test
    void decodeRefusesCodesOutsideTheCodebookAndOtherGrids() {
        VqVaeConfig c = tiny(1, 8, 2, 4, 0.25);
        try (NDManager manager = NDManager.newBaseManager(); VqVae model = model(c, manager)) {
            assertThatThrownBy(() -> model.decode(manager.create(new int[] {0, 1, 2, 4}, new Shape(1, 2, 2))))
                    .isInstanceOf(BadInputException.class).hasMessage("code 4 is outside this VQ-VAE's codebook 0..3");
            assertThatThrownBy(() -> model.decode(manager.create(new int[9], new Shape(1, 3, 3))))
                    .isInstanceOf(BadInputException.class)
                    .hasMessage("code maps of shape (1, 3, 3) do not fit this VQ-VAE's 2x2 grid");
        }
    }

    @Test
    void configRefusesSizesTheStridesCannotHalve() {
        assertThatThrownBy(() -> tiny(1, 10, 2, 4, 0.25)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("must be a multiple of 4");
        assertThatThrownBy(() -> tiny(1, 8, 2, 257, 0.25)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("2..256");
    }

    @Test
    void checkpointRoundTripDecodesIdentically(@TempDir Path dir) {
        VqVaeConfig c = tiny(1, 8, 2, 4, 0.25);
        Path file = dir.resolve("vq.ckpt");
        try (NDManager manager = NDManager.newBaseManager(); VqVae model = model(c, manager)) {
            NDArray x = images(manager, 4, c, 3);
            model.placeCodebook(x, new SplittableRandom(1));
            VqCheckpoint.save(file, model, null, TrainState.start(), "{}");
            assertThat(VqCheckpoint.isVqCheckpoint(file)).isTrue();
            try (VqVae back = VqCheckpoint.read(file).restore(manager)) {
                assertThat(back.config()).isEqualTo(c);
                assertThat(back.codebook().embeddings()).containsExactly(model.codebook().embeddings());
                assertThat(back.codebook().counts()).containsExactly(model.codebook().counts());
                NDArray codes = model.encode(x);
                assertThat(back.encode(x).toIntArray()).containsExactly(codes.toIntArray());
                assertThat(back.decode(codes).toUint8Array()).containsExactly(model.decode(codes).toUint8Array());
            }
        }
    }

    @Test
    void aPixelCnnCheckpointIsNotReadAsAVqVae(@TempDir Path dir) throws java.io.IOException {
        Path file = java.nio.file.Files.writeString(dir.resolve("other.ckpt"), "not a checkpoint");
        assertThat(VqCheckpoint.isVqCheckpoint(file)).isFalse();
        assertThatThrownBy(() -> VqCheckpoint.read(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("not a VQ-VAE checkpoint");
    }
}

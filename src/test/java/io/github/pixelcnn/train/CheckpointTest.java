package io.github.pixelcnn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.Likelihood;
import io.github.pixelcnn.model.PixelModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    private static final TrainState STATE = new TrainState(3, 1, 2, 5.5, 12.0);

    /** A tiny model after 3 Adam steps, so the moments are non-zero, saved to dir/ck.ckpt. */
    private static Path saveTrained(Path dir, NDManager manager, PixelModel model, Adam adam) {
        NDArray x = manager.randomInteger(0, 256, new Shape(4, 1, 8, 8), ai.djl.ndarray.types.DataType.INT32);
        for (int i = 0; i < 3; i++) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(Likelihood.meanNats(model.logits(x, Condition.none()), x));
            }
            adam.step(1e-2f);
        }
        Path file = dir.resolve("ck.ckpt");
        Checkpoint.save(file, model, adam, STATE, "{\"lr\":0.01}");
        return file;
    }

    @Test
    void roundTripIsBitIdentical(@TempDir Path dir) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            PixelModel model = TrainFixtures.model(TrainFixtures.tiny(8), 1, manager);
            Adam adam = new Adam(model.namedParameters(), manager);
            Path file = saveTrained(dir, manager, model, adam);
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("ck.ckpt");
            }

            Checkpoint ck = Checkpoint.read(file);
            assertThat(ck.config()).isEqualTo(model.config());
            assertThat(ck.state()).isEqualTo(STATE);
            assertThat(ck.trainingJson()).isEqualTo("{\"lr\":0.01}");
            PixelModel restored = ck.restoreModel(manager);
            List<float[]> a = TrainFixtures.parameters(model);
            List<float[]> b = TrainFixtures.parameters(restored);
            assertThat(b).hasSameSizeAs(a);
            for (int i = 0; i < a.size(); i++) {
                assertThat(Arrays.equals(a.get(i), b.get(i))).as("parameter %d", i).isTrue();
            }
            NDArray x = manager.randomInteger(0, 256, new Shape(3, 1, 8, 8), ai.djl.ndarray.types.DataType.INT32);
            assertThat(restored.logits(x, Condition.none()).toFloatArray()).containsExactly(model.logits(x, Condition.none()).toFloatArray());

            Adam adam2 = new Adam(restored.namedParameters(), manager);
            assertThat(ck.loadOptimizer(adam2)).isTrue();
            assertThat(adam2.steps()).isEqualTo(adam.steps()).isEqualTo(3);
            for (int i = 0; i < a.size(); i++) {
                assertThat(adam2.means().get(i).toFloatArray()).containsExactly(adam.means().get(i).toFloatArray());
                assertThat(adam2.variances().get(i).toFloatArray())
                        .containsExactly(adam.variances().get(i).toFloatArray());
            }
        }
    }

    @Test
    void damagedFilesAreRefused(@TempDir Path dir) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            PixelModel model = TrainFixtures.model(TrainFixtures.tiny(8), 1, manager);
            Path file = saveTrained(dir, manager, model, new Adam(model.namedParameters(), manager));
            byte[] bytes = Files.readAllBytes(file);

            Path truncated = dir.resolve("truncated.ckpt");
            Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
            assertThatThrownBy(() -> Checkpoint.read(truncated))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("truncated");

            byte[] flipped = bytes.clone();
            flipped[bytes.length / 2] ^= 0x10;
            Path corrupt = dir.resolve("corrupt.ckpt");
            Files.write(corrupt, flipped);
            assertThatThrownBy(() -> Checkpoint.read(corrupt))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("corrupt");

            Path other = dir.resolve("notes.txt");
            Files.writeString(other, "hello, this is not a checkpoint\n");
            assertThatThrownBy(() -> Checkpoint.read(other))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("not a pixelcnn-java checkpoint");
        }
    }

    @Test
    void otherArchitectureIsRefusedWithShapes(@TempDir Path dir) {
        try (NDManager manager = NDManager.newBaseManager()) {
            PixelModel model = TrainFixtures.model(TrainFixtures.tiny(8), 1, manager);
            Path file = saveTrained(dir, manager, model, new Adam(model.namedParameters(), manager));
            PixelModel wider = TrainFixtures.model(TrainFixtures.tiny(16), 1, manager);
            Checkpoint ck = Checkpoint.read(file);
            assertThatThrownBy(() -> ck.loadInto(wider, manager))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("does not fit")
                    .hasMessageMatching("(?s).*\\(\\d+(, \\d+)*\\).*\\(\\d+(, \\d+)*\\).*");
        }
    }

    /**
     * A checkpoint written before the config builders (and the input embedding) existed still
     * loads, into the same model: its config has no input field, which means the scaled float.
     */
    @Test
    void aCheckpointFromBeforeTheBuildersLoads() {
        Path old = Path.of("src/test/resources/checkpoints/before-builders/checkpoint.ckpt");
        Checkpoint ck = Checkpoint.read(old);
        assertThat(ck.config()).isEqualTo(io.github.pixelcnn.model.ModelConfig.builder().setImage(1, 8, 8).optLayers(2)
                .optChannels(4).optHeadChannels(8).optConditioning(io.github.pixelcnn.model.Conditioning.CLASS, 10)
                .optInput(io.github.pixelcnn.model.InputEncoding.FLOAT).build());
        assertThat(ck.state().step()).isEqualTo(3);
        assertThat(ck.trainingJson()).contains("\"sampleEachEpoch\":true");
        try (NDManager manager = NDManager.newBaseManager()) {
            PixelModel model = ck.restoreModel(manager);
            assertThat(ck.loadOptimizer(new Adam(model.namedParameters(), manager))).isTrue();
            NDArray x = manager.zeros(new Shape(1, 1, 8, 8), ai.djl.ndarray.types.DataType.INT32); // (N, C, H, W)
            for (float v : model.logits(x, Condition.classes(new int[] {3}, 10)).toFloatArray()) {
                assertThat(v).isFinite();
            }
        }
    }

    @Test
    void theClassPriorRoundTripsAndVersionOneFilesLoadWithoutIt(@TempDir Path dir) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            PixelModel model = TrainFixtures.model(TrainFixtures.tiny(4), 3, manager);
            Path withPrior = dir.resolve("v2.ckpt");
            Checkpoint.save(withPrior, model, null, TrainState.start(), "{}", new double[] {0.25, 0.75});
            assertThat(Checkpoint.read(withPrior).classPrior()).containsExactly(0.25, 0.75);

            // A version-1 file: the same bytes without the prior's field, version 1, its own CRC.
            Path v2 = dir.resolve("none.ckpt");
            Checkpoint.save(v2, model, null, TrainState.start(), "{}");
            byte[] bytes = Files.readAllBytes(v2);
            java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes));
            int versionAt = 2 + in.readUnsignedShort();
            in.skipBytes(versionAt - 2);
            in.readInt();
            for (int field = 0; field < 3; field++) { // config, state, training
                in.skipBytes(in.readUnsignedShort());
            }
            int priorAt = bytes.length - in.available();
            int priorLength = 2 + in.readUnsignedShort();
            java.io.ByteArrayOutputStream v1 = new java.io.ByteArrayOutputStream();
            v1.write(bytes, 0, priorAt);
            v1.write(bytes, priorAt + priorLength, bytes.length - 8 - priorAt - priorLength);
            byte[] body = v1.toByteArray();
            java.nio.ByteBuffer.wrap(body).putInt(versionAt, 1);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(body);
            Path old = dir.resolve("v1.ckpt");
            Files.write(old, java.nio.ByteBuffer.allocate(body.length + 8).put(body).putLong(crc.getValue()).array());

            Checkpoint back = Checkpoint.read(old);
            assertThat(back.classPrior()).isNull();
            NDArray x = manager.randomInteger(0, 256, new Shape(2, 1, 8, 8), ai.djl.ndarray.types.DataType.INT32);
            assertThat(back.restoreModel(manager).logits(x, Condition.none()).toFloatArray())
                    .containsExactly(model.logits(x, Condition.none()).toFloatArray());
        }
    }
}

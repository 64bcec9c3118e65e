package io.github.pixelcnn.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.sample.NaiveSampler;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same seed (and the same native thread count: this JVM's) gives bit-identical parameters
 * after 40 training steps (5 epochs, each with its evaluation) on the CPU, and the same samples
 * from the same model and sampling seed.
 */
class DeterminismTest {
    private static final long SEED = 21;
    private static final long STEPS = 40;

    private record Outcome(List<float[]> parameters, byte[] samples) {}

    private static Outcome trainAndSample(Path runDir) {
        ImageDataset data = TrainFixtures.patterns(64, SEED); // 8 steps an epoch
        try (NDManager manager = NDManager.newBaseManager()) {
            PixelModel model = TrainFixtures.model(TrainFixtures.tiny(8), SEED, manager);
            try (Adam adam = new Adam(model.namedParameters(), manager)) {
                TrainConfig cfg = TrainConfig.builder().setBatchSize(8).setLearningRate(3e-3f).optMaxSteps(STEPS).optSeed(SEED)
                        .optCheckpointMinutes(1000).build();
                TrainState end = Trainer.builder().setModel(model).setOptimizer(adam).setConfig(cfg)
                        .setRunDirectory(RunDirectory.create(runDir, "{}")).build().train(data, data, manager);
                assertThat(end.step()).isEqualTo(STEPS);
            }
            byte[] samples = new NaiveSampler().sample(model, Condition.none(), 2, 1f, SEED, manager);
            return new Outcome(TrainFixtures.parameters(model), samples);
        }
    }

    @Test
    void sameSeedGivesBitIdenticalParametersAndSamples(@TempDir Path dir) {
        Outcome a = trainAndSample(dir.resolve("a"));
        Outcome b = trainAndSample(dir.resolve("b"));
        assertThat(b.parameters()).hasSameSizeAs(a.parameters());
        for (int i = 0; i < a.parameters().size(); i++) {
            assertThat(b.parameters().get(i)).as("parameter %d after %d steps", i, STEPS)
                    .containsExactly(a.parameters().get(i));
        }
        assertThat(b.samples()).as("samples").isEqualTo(a.samples());
    }
}

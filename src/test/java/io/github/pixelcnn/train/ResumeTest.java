package io.github.pixelcnn.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.model.PixelModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping after 8 steps and resuming from the checkpoint ends where a straight 20-step run ends. */
class ResumeTest {
    private static final long SEED = 11;
    // batch 6 over 32 images: step 8 falls inside an epoch, so batchInEpoch matters
    private static final int BATCH = 6;

    private static TrainConfig config(long steps) {
        return TrainConfig.builder().setBatchSize(BATCH).setLearningRate(3e-3f).optMaxSteps(steps).optSeed(SEED)
                .optCheckpointMinutes(1000).build();
    }

    @Test
    void resumedRunEndsBitIdentical(@TempDir Path dir) throws Exception {
        ImageDataset data = TrainFixtures.patterns(32, SEED);
        List<float[]> straight;
        try (NDManager manager = NDManager.newBaseManager()) {
            PixelModel model = TrainFixtures.model(TrainFixtures.tiny(8), SEED, manager);
            Adam adam = new Adam(model.namedParameters(), manager);
            Trainer.builder().setModel(model).setOptimizer(adam).setConfig(config(20))
                    .setRunDirectory(RunDirectory.create(dir.resolve("straight"), "{}")).build().train(data, data, manager);
            straight = TrainFixtures.parameters(model);
        }

        RunDirectory run = RunDirectory.create(dir.resolve("resumed"), "{}");
        try (NDManager manager = NDManager.newBaseManager()) {
            PixelModel model = TrainFixtures.model(TrainFixtures.tiny(8), SEED, manager);
            Adam adam = new Adam(model.namedParameters(), manager);
            TrainState s = Trainer.builder().setModel(model).setOptimizer(adam).setConfig(config(8)).setRunDirectory(run)
                    .build().train(data, data, manager);
            assertThat(s.step()).isEqualTo(8);
        }
        List<float[]> resumed;
        try (NDManager manager = NDManager.newBaseManager()) {
            Checkpoint ck = Checkpoint.read(run.checkpoint());
            assertThat(ck.state().step()).isEqualTo(8);
            PixelModel model = ck.restoreModel(manager);
            Adam adam = new Adam(model.namedParameters(), manager);
            assertThat(ck.loadOptimizer(adam)).isTrue();
            TrainState s = Trainer.builder().setModel(model).setOptimizer(adam).setConfig(config(20)).setRunDirectory(run)
                    .optState(ck.state()).build().train(data, data, manager);
            assertThat(s.step()).isEqualTo(20);
            resumed = TrainFixtures.parameters(model);
        }

        assertThat(resumed).hasSameSizeAs(straight);
        for (int i = 0; i < straight.size(); i++) {
            assertThat(resumed.get(i)).as("parameter %d", i).containsExactly(straight.get(i));
        }

        // A step can carry one train row and one epoch-end test row; within each kind, steps
        // must rise strictly: no row repeated by the resume, none lost.
        List<double[]> rows = MetricsLog.read(run.metrics());
        List<Double> trainSteps = rows.stream().filter(r -> !Double.isNaN(r[1])).map(r -> r[0]).toList();
        List<Double> testSteps = rows.stream().filter(r -> !Double.isNaN(r[2])).map(r -> r[0]).toList();
        System.out.println("resumed metrics: train rows at " + trainSteps + ", test rows at " + testSteps);
        // 8: the interrupted session flushes its last partial window when it stops.
        assertThat(trainSteps).containsExactly(8.0, 10.0, 20.0);
        for (List<Double> steps : List.of(trainSteps, testSteps)) {
            for (int i = 1; i < steps.size(); i++) {
                assertThat(steps.get(i)).isGreaterThan(steps.get(i - 1));
            }
        }
        assertThat(testSteps).isNotEmpty();
    }
}

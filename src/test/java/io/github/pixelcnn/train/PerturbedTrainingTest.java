package io.github.pixelcnn.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.model.PixelModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A background model's training (train --perturb, --weight-decay): the perturbation changes what
 * is learned, a stopped and resumed run ends bit-identical to a straight one, and weight decay
 * shrinks the weights.
 */
class PerturbedTrainingTest {
    private static final long SEED = 5;

    private static TrainConfig config(long steps, double perturb, double weightDecay) {
        return TrainConfig.builder().setBatchSize(8).setLearningRate(3e-3f).optMaxSteps(steps).optSeed(SEED)
                .optCheckpointMinutes(1000).optPerturb(perturb).optWeightDecay(weightDecay).build();
    }

    private static List<float[]> train(Path dir, TrainConfig config, long steps) {
        ImageDataset data = TrainFixtures.patterns(24, SEED);
        try (NDManager manager = NDManager.newBaseManager()) {
            PixelModel model = TrainFixtures.model(TrainFixtures.tiny(8), SEED, manager);
            Adam adam = new Adam(model.namedParameters(), manager, config.weightDecay());
            Trainer.builder().setModel(model).setOptimizer(adam).setConfig(config)
                    .setRunDirectory(RunDirectory.create(dir, "{}")).build().train(data, data, manager);
            return TrainFixtures.parameters(model);
        }
    }

    @Test
    void resumedPerturbedRunEndsBitIdentical(@TempDir Path dir) {
        List<float[]> straight = train(dir.resolve("straight"), config(6, 0.3, 1e-3), 6);
        RunDirectory run = RunDirectory.create(dir.resolve("resumed"), "{}");
        train(run.dir(), config(2, 0.3, 1e-3), 2);
        List<float[]> resumed;
        ImageDataset data = TrainFixtures.patterns(24, SEED);
        try (NDManager manager = NDManager.newBaseManager()) {
            Checkpoint ck = Checkpoint.read(run.checkpoint());
            PixelModel model = ck.restoreModel(manager);
            Adam adam = new Adam(model.namedParameters(), manager, 1e-3);
            ck.loadOptimizer(adam);
            Trainer.builder().setModel(model).setOptimizer(adam).setConfig(config(6, 0.3, 1e-3)).setRunDirectory(run)
                    .optState(ck.state()).build().train(data, data, manager);
            resumed = TrainFixtures.parameters(model);
        }
        for (int i = 0; i < straight.size(); i++) {
            assertThat(resumed.get(i)).as("parameter %d", i).containsExactly(straight.get(i));
        }
        List<float[]> clean = train(dir.resolve("clean"), config(6, 0, 1e-3), 6);
        assertThat(clean.get(0)).isNotEqualTo(straight.get(0)); // the perturbation changed the inputs
    }

    @Test
    void weightDecayShrinksTheWeights(@TempDir Path dir) {
        double plain = norm(train(dir.resolve("plain"), config(12, 0, 0), 12));
        double decayed = norm(train(dir.resolve("decayed"), config(12, 0, 100), 12));
        // λ = 100 outweighs every gradient: each step moves each weight about lr toward zero.
        assertThat(decayed).isLessThan(plain * 0.93);
    }

    private static double norm(List<float[]> parameters) {
        double s = 0;
        for (float[] p : parameters) {
            for (float v : p) {
                s += v * v;
            }
        }
        return Math.sqrt(s);
    }
}

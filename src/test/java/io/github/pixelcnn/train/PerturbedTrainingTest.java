package io.github.pixelcnn.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.Likelihood;
import io.github.pixelcnn.model.PixelModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A background model's training (train --perturb, --weight-decay): the perturbation changes what
 * is learned, a stopped and resumed run ends bit-identical to a straight one, and weight decay
 * is L2 inside Adam.
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
    void weightDecayMovesEachWeightByTheLearningRateTowardZeroWhenTheLossIsFlat() {
        float lr = 1e-3f;
        List<float[]> before;
        List<float[]> decayed;
        List<float[]> plain;
        try (NDManager manager = NDManager.newBaseManager()) {
            PixelModel model = TrainFixtures.model(TrainFixtures.tiny(8), SEED, manager);
            before = TrainFixtures.parameters(model);
            decayed = flatStep(model, new Adam(model.namedParameters(), manager, 0.5), lr, manager);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            PixelModel model = TrainFixtures.model(TrainFixtures.tiny(8), SEED, manager);
            plain = flatStep(model, new Adam(model.namedParameters(), manager, 0), lr, manager);
        }
        // Adam's first step is lr · m̂ / (sqrt(v̂) + ε) ≈ lr · sign(g), and g = λ·w here; without
        // the decay the same flat loss leaves every weight where it was.
        int moved = 0;
        for (int i = 0; i < before.size(); i++) {
            assertThat(plain.get(i)).as("parameter %d without decay", i).containsExactly(before.get(i));
            for (int k = 0; k < before.get(i).length; k++) {
                float w = before.get(i)[k];
                if (Math.abs(w) > 1e-3f) {
                    assertThat(decayed.get(i)[k]).as("parameter %d[%d]", i, k)
                            .isCloseTo(w - lr * Math.signum(w), org.assertj.core.data.Offset.offset(0.01f * lr));
                    moved++;
                }
            }
        }
        assertThat(moved).isGreaterThan(1000);
    }

    /** One Adam step after a backward pass of exactly 0 · NLL: every gradient is 0, so only the decay acts. */
    private static List<float[]> flatStep(PixelModel model, Adam adam, float lr, NDManager manager) {
        ImageDataset data = TrainFixtures.patterns(4, SEED);
        try (NDManager step = manager.newSubManager();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray x = step.create(java.nio.ByteBuffer.wrap(data.pixels()), new Shape(4, 1, 8, 8),
                    DataType.UINT8); // (B, C, H, W)
            gc.backward(Likelihood.meanNats(model.logits(x, Condition.none()), x).mul(step.create(0f)));
        }
        adam.step(lr);
        return TrainFixtures.parameters(model);
    }
}

package io.github.pixelcnn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadParameterException;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.model.PixelModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --lr-decay}: step n trains with lr·decay^n, and the trainer really uses that rate. */
class LearningRateDecayTest {
    @Test
    void theRateIsAFunctionOfTheStepCount() {
        TrainConfig c = TrainConfig.builder().setBatchSize(8).setLearningRate(2e-3f).optLrDecay(0.5).optMaxSteps(9).build();
        assertThat(c.learningRateAt(0)).isEqualTo(2e-3f);
        assertThat(c.learningRateAt(3)).isEqualTo(2.5e-4f);
        TrainConfig constant = TrainConfig.builder().setBatchSize(8).setLearningRate(2e-3f).optMaxSteps(9).build();
        assertThat(constant.learningRateAt(1_000_000)).isEqualTo(2e-3f);
        for (double bad : new double[] {0, -0.5, 1.01, Double.NaN}) {
            assertThatThrownBy(() -> TrainConfig.builder().setBatchSize(8).setLearningRate(1e-3f).optLrDecay(bad)
                    .optMaxSteps(1).build()).isInstanceOf(BadParameterException.class).hasMessageContaining("lrDecay");
        }
    }

    /**
     * With a decay of 1e-30 every step after the first is too small to move a float32 parameter, so
     * three steps end where one did; with no decay they do not.
     */
    @Test
    void theTrainerAppliesTheDecayedRate(@TempDir Path dir) {
        List<float[]> one = train(dir.resolve("one"), 1, 1e-30);
        List<float[]> threeDecayed = train(dir.resolve("decayed"), 3, 1e-30);
        List<float[]> threeConstant = train(dir.resolve("constant"), 3, 1);
        assertThat(maxDifference(one, threeDecayed)).isLessThan(1e-20);
        assertThat(maxDifference(one, threeConstant)).isGreaterThan(1e-4);
    }

    private static List<float[]> train(Path runDir, long steps, double decay) {
        ImageDataset data = TrainFixtures.patterns(32, 5);
        try (NDManager manager = NDManager.newBaseManager()) {
            PixelModel model = TrainFixtures.model(TrainFixtures.tiny(8), 5, manager);
            try (Adam adam = new Adam(model.namedParameters(), manager)) {
                TrainConfig cfg = TrainConfig.builder().setBatchSize(8).setLearningRate(3e-3f).optLrDecay(decay)
                        .optMaxSteps(steps).optSeed(5).optCheckpointMinutes(1000).build();
                Trainer.builder().setModel(model).setOptimizer(adam).setConfig(cfg)
                        .setRunDirectory(RunDirectory.create(runDir, "{}")).build().train(data, data, manager);
            }
            return TrainFixtures.parameters(model);
        }
    }

    private static double maxDifference(List<float[]> a, List<float[]> b) {
        double max = 0;
        for (int i = 0; i < a.size(); i++) {
            for (int j = 0; j < a.get(i).length; j++) {
                max = Math.max(max, Math.abs(a.get(i)[j] - b.get(i)[j]));
            }
        }
        return max;
    }
}

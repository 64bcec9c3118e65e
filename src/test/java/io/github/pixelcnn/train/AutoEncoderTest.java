package io.github.pixelcnn.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.eval.Evaluator;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.ConditioningForm;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PixelCNN auto-encoder (§3.4) trains end to end and survives a checkpoint round trip. */
class AutoEncoderTest {
    private static final long SEED = 7;
    private static final long STEPS = 30;

    private static double trainAndEvaluate(ModelConfig cfg, ImageDataset data, Path dir, NDManager manager) {
        PixelModel model = TrainFixtures.model(cfg, SEED, manager);
        TrainConfig tc = TrainConfig.builder().setBatchSize(16).setLearningRate(3e-3f).optMaxSteps(STEPS).optSeed(SEED)
                .optCheckpointMinutes(1000).build();
        try (Adam adam = new Adam(model.namedParameters(), manager)) {
            Trainer.builder().setModel(model).setOptimizer(adam).setConfig(tc).setRunDirectory(RunDirectory.create(dir, "{}"))
                    .build().train(data, data, manager);
        }
        return Evaluator.evaluate(model, data, 16, 0, manager).bitsPerDim();
    }

    @Test
    void theCodeLowersBitsPerDimAgainstTheSameDecoderWithoutIt(@TempDir Path dir) {
        ImageDataset data = TrainFixtures.patterns(16, SEED);
        ModelConfig decoder = TrainFixtures.tiny(16);
        try (NDManager manager = NDManager.newBaseManager()) {
            double plain = trainAndEvaluate(decoder, data, dir.resolve("plain"), manager);
            double coded = trainAndEvaluate(decoder.toBuilder().optAutoEncoder(10).build(), data, dir.resolve("ae"), manager);
            System.out.printf(Locale.ROOT, "after %d steps: decoder alone %.3f bits/dim, auto-encoder %.3f%n",
                    STEPS, plain, coded);
            assertThat(coded).isLessThan(plain);
        }
    }

    @Test
    void checkpointRoundTripGivesIdenticalOutputs(@TempDir Path dir) {
        ModelConfig cfg = TrainFixtures.tiny(8).toBuilder().optAutoEncoder(10)
                .optForm(ConditioningForm.BOTH, 4).build();
        ImageDataset data = TrainFixtures.patterns(4, SEED);
        Path file = dir.resolve("ae.ckpt");
        try (NDManager manager = NDManager.newBaseManager()) {
            PixelModel model = TrainFixtures.model(cfg, SEED, manager);
            Checkpoint.save(file, model, null, TrainState.start(), "{}");
            PixelModel back = Checkpoint.read(file).restoreModel(manager);
            assertThat(back.config()).isEqualTo(cfg);
            assertThat(back.namedParameters()).hasSameSizeAs(model.namedParameters());
            NDArray x = manager.create(data.pixels(), new ai.djl.ndarray.types.Shape(4, 1, 8, 8)); // (N, C, H, W)
            float[] before = model.logits(x, Condition.ownCode()).toFloatArray();
            float[] after = back.logits(x, Condition.ownCode()).toFloatArray();
            assertThat(after).containsExactly(before);
        }
    }
}

package io.github.pixelcnn.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.model.PixelModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny gated PixelCNN memorises 16 structured 8x8 images: train bits/dim falls below 1.0. */
class OverfitTest {
    private static final long SEED = 7;
    private static final long MAX_STEPS = 80;

    @Test
    void tinyGatedModelOverfitsSixteenImages(@TempDir Path dir) {
        ImageDataset data = TrainFixtures.patterns(16, SEED);
        try (NDManager manager = NDManager.newBaseManager()) {
            PixelModel model = TrainFixtures.model(TrainFixtures.tiny(16), SEED, manager);
            TrainConfig cfg = TrainConfig.builder().setBatchSize(16).setLearningRate(3e-3f).optMaxSteps(MAX_STEPS).optSeed(SEED)
                    .optCheckpointMinutes(1000).build();
            // batch 16 over 16 images: every step ends an epoch, whose evaluation is on these images
            List<double[]> curve = new ArrayList<>();
            TrainingListener listener = new TrainingListener() {
                @Override
                public void onEpochEnd(int epoch, long step, double testBitsPerDim) {
                    if (step == 1 || step % 40 == 0) {
                        curve.add(new double[] {step, testBitsPerDim});
                    }
                }
            };
            long start = System.nanoTime();
            try (Adam adam = new Adam(model.namedParameters(), manager)) {
                Trainer trainer = Trainer.builder().setModel(model).setOptimizer(adam).setConfig(cfg)
                        .setRunDirectory(RunDirectory.create(dir, "{}")).optListener(listener).build();
                trainer.train(data, data, manager);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double finalBpd = io.github.pixelcnn.eval.Evaluator.evaluate(model, data, 16, 0, manager).bitsPerDim();
            StringBuilder sb = new StringBuilder("overfit curve (step: train bits/dim):");
            for (double[] c : curve) {
                sb.append(String.format(Locale.ROOT, " %d:%.3f", (long) c[0], c[1]));
            }
            sb.append(String.format(Locale.ROOT, "; final %.3f after %d steps in %.1f s", finalBpd, MAX_STEPS, seconds));
            System.out.println(sb);
            assertThat(finalBpd).isLessThan(1.0);
        }
    }
}

package io.github.pixelcnn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.eval.EvalResult;
import io.github.pixelcnn.eval.Evaluator;
import io.github.pixelcnn.eval.Scorer;
import io.github.pixelcnn.examples.Stripes;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.sample.Sampler;
import io.github.pixelcnn.train.TrainConfig;
import io.github.pixelcnn.train.TrainState;
import io.github.pixelcnn.train.TrainingRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library's public API end to end, on generated images: train a tiny model, resume it,
 * evaluate, sample and score. (The program docs/java-api.md shows whole is {@code
 * examples.FirstModel}, checked by its own test.)
 */
class ReadmeExampleTest {

    @Test
    void theReadmeExampleTrainsResumesEvaluatesSamplesAndScores(@TempDir Path tmp) {
        ImageDataset train = Stripes.of("stripes (train)", 48, 1);
        ImageDataset test = Stripes.of("stripes (test)", 16, 2);
        Path dir = tmp.resolve("run");
        ModelConfig model = ModelConfig.builder().setImage(train.channels(), train.height(), train.width())
                .optLayers(2).optChannels(8).optHeadChannels(16)
                .optConditioning(Conditioning.CLASS, train.numClasses()).build();
        TrainConfig first = TrainConfig.builder().setBatchSize(16).setLearningRate(1e-2f).optMaxSteps(4).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            try (TrainingRun run = TrainingRun.builder().setDirectory(dir).setData(train, test)
                    .setTrainConfig(first).optModel(model).build(manager)) {
                run.train(); // config.json, checkpoint.ckpt, metrics.csv, curve.png, samples-epoch-*.png
            }
            TrainConfig more = first.toBuilder().optMaxSteps(8).build();
            try (TrainingRun run = TrainingRun.builder().setDirectory(dir).setData(train, test)
                    .setTrainConfig(more).optResume(true).build(manager)) {
                TrainState end = run.train().state(); // from step 4 to step 8
                EvalResult eval = Evaluator.evaluate(run.model(), test, 16, 0, manager);
                Condition h = Condition.classes(new int[] {0, 1, 2, 0}, train.numClasses());
                byte[] images = Sampler.forModel(run.model()).sample(run.model(), h, 4, 1f, 7, manager);
                Scorer.Scores scores = Scorer.score(run.model(), test, test.size(), 16, manager);
                System.out.printf("step %d: test bits/dim %.3f%n", end.step(), eval.bitsPerDim());
                assertThat(run.resumed()).isTrue();
                assertThat(end.step()).isEqualTo(8);
                assertThat(eval.bitsPerDim()).isFinite().isPositive().isLessThan(8);
                assertThat(eval.images()).isEqualTo(16);
                assertThat(images).hasSize(4 * 64);
                assertThat(scores.bitsPerDim()).hasSize(16);
                assertThat(java.util.Arrays.stream(scores.bitsPerDim()).average().orElseThrow())
                        .isCloseTo(eval.bitsPerDim(), org.assertj.core.data.Offset.offset(1e-3));
            }
        }
        assertThat(dir.resolve("checkpoint.ckpt")).exists();
        assertThat(dir.resolve("samples-epoch-000.png")).exists(); // 48 / 16 = 3 steps an epoch
    }
}

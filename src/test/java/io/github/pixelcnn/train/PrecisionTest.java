package io.github.pixelcnn.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.eval.Evaluator;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.nn.Precision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bf16 is how a model runs, not what it is: the same seed trains to nearly the same loss in fp32
 * and bf16, and a checkpoint written by either evaluates in the other.
 */
class PrecisionTest {
    private static final long SEED = 7;
    private static final long STEPS = 64;

    /**
     * The tiny model on 256 pattern images (16 steps an epoch, so few epoch-end grids), same seed
     * and data order, in fp32 and in bf16. bf16 perturbs every step's gradients by ~0.3%, so the
     * two trajectories drift apart a little, but they must reach the same loss: 0.15 bits/dim is
     * about 3% of what both fall by from the untrained ~8 bits/dim.
     */
    @Test
    void sameSeedTrainsAlikeAndCheckpointsCrossPrecisions(@TempDir Path dir) {
        ImageDataset data = TrainFixtures.patterns(256, SEED);
        ImageDataset test = TrainFixtures.patterns(16, SEED + 1);
        try (NDManager manager = NDManager.newBaseManager()) {
            double[] fp32 = train(Precision.FP32, dir.resolve("fp32"), data, test, manager);
            double[] bf16 = train(Precision.BF16, dir.resolve("bf16"), data, test, manager);
            System.out.printf(Locale.ROOT, "bits/dim after %d steps: trained fp32 (eval fp32 %.4f, bf16 %.4f),"
                    + " trained bf16 (eval bf16 %.4f, fp32 %.4f)%n", STEPS, fp32[0], fp32[1], bf16[0], bf16[1]);
            assertThat(fp32[0]).as("fp32 training learns").isLessThan(4.0);
            assertThat(bf16[0]).as("bf16 training learns").isLessThan(4.0);
            assertThat(Math.abs(bf16[0] - fp32[0])).as("fp32 vs bf16 training, same seed").isLessThan(0.15);
            // The same parameters evaluated in the other precision: only bf16's rounding of the
            // products' inputs and results differs, ~0.4% per product, far below 0.02 bits/dim.
            assertThat(Math.abs(fp32[1] - fp32[0])).as("fp32 checkpoint evaluated in bf16").isLessThan(0.02);
            assertThat(Math.abs(bf16[1] - bf16[0])).as("bf16 checkpoint evaluated in fp32").isLessThan(0.02);
            assertThat(fp32[1]).as("bf16 evaluation differs from fp32 at all").isNotEqualTo(fp32[0]);
        }
    }

    /**
     * Trains a run in {@code precision}, then reads its checkpoint back and evaluates it in that
     * precision and in the other one.
     *
     * @return bits/dim in the training precision, then in the other
     */
    private static double[] train(Precision precision, Path dir, ImageDataset data, ImageDataset test,
            NDManager manager) {
        TrainConfig cfg = TrainConfig.builder().setBatchSize(16).setLearningRate(3e-3f).optMaxSteps(STEPS)
                .optSeed(SEED).optCheckpointMinutes(1000).optEvalLimit(16).optPrecision(precision).build();
        try (TrainingRun run = TrainingRun.builder().setDirectory(dir).setData(data, test).setTrainConfig(cfg)
                .optModel(TrainFixtures.tiny(16)).build(manager)) {
            assertThat(run.model().precision()).isEqualTo(precision);
            run.train();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        JsonObject config = readJson(dir.resolve("config.json"));
        assertThat(config.getAsJsonObject("training").get("precision").getAsString()).isEqualTo(precision.label());
        Precision other = precision == Precision.FP32 ? Precision.BF16 : Precision.FP32;
        try (NDManager sub = manager.newSubManager()) {
            PixelModel model = Checkpoint.read(dir.resolve("checkpoint.ckpt")).restoreModel(sub);
            assertThat(model.precision()).as("a checkpoint does not carry a precision").isEqualTo(Precision.FP32);
            model.setPrecision(precision);
            double same = Evaluator.evaluate(model, test, 16, 0, sub).bitsPerDim();
            model.setPrecision(other);
            double cross = Evaluator.evaluate(model, test, 16, 0, sub).bitsPerDim();
            return new double[] {same, cross};
        }
    }

    private static JsonObject readJson(Path file) {
        try {
            return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}

package io.github.pixelcnn.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Float32 gradients against a float64 twin: close, and checking leaves training unchanged. */
class GradientCheckTest {
    private static final long SEED = 11;

    private static NDArray images(ImageDataset data, NDManager manager) {
        byte[] px = Arrays.copyOf(data.pixels(), 8 * 64);
        return manager.create(ByteBuffer.wrap(px), new Shape(8, 1, 8, 8), DataType.UINT8); // (8, 1, 8, 8)
    }

    @Test
    void float32GradientsAgreeWithFloat64ToRounding() {
        ModelConfig cfg = TrainFixtures.tiny(8).toBuilder().optConditioning(Conditioning.CLASS, 3).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            PixelModel model = TrainFixtures.model(cfg, SEED, manager);
            try (GradientCheck check = new GradientCheck(model, manager); NDManager step = manager.newSubManager()) {
                Condition h = Condition.classes(new int[] {0, 1, 2, 0, 1, 2, 0, 1}, 3);
                GradientCheck.Comparison c = check.compare(images(TrainFixtures.patterns(8, SEED), step), h);
                assertThat(c.finite()).isTrue();
                // Float32 rounding, not zero (the twin really is float64) and far from corruption.
                assertThat(c.relativeError()).isGreaterThan(0).isLessThan(1e-4);
                assertThat(c.worstRelativeError()).isGreaterThanOrEqualTo(c.relativeError() / 10).isLessThan(1e-3);
                assertThat(c.worstParameter()).isNotEmpty();
            }
        }
    }

    @Test
    void aCheckedStepUpdatesTheModelExactlyAsAnUncheckedOne() {
        ModelConfig cfg = TrainFixtures.tiny(8);
        ImageDataset data = TrainFixtures.patterns(8, SEED);
        try (NDManager manager = NDManager.newBaseManager()) {
            List<List<float[]>> after = new ArrayList<>();
            for (boolean checked : new boolean[] {false, true}) {
                PixelModel model = TrainFixtures.model(cfg, SEED, manager);
                try (Adam adam = new Adam(model.namedParameters(), manager);
                        GradientCheck check = new GradientCheck(model, manager)) {
                    TrainingStep trainingStep = new TrainingStep(model, adam, 0);
                    for (int i = 0; i < 2; i++) {
                        try (NDManager step = manager.newSubManager()) {
                            NDArray x = images(data, step);
                            if (checked) {
                                check.compare(x, Condition.none());
                            }
                            trainingStep.apply(x, Condition.none(), 1e-3f);
                        }
                    }
                }
                after.add(TrainFixtures.parameters(model));
            }
            for (int i = 0; i < after.get(0).size(); i++) {
                assertThat(after.get(1).get(i)).containsExactly(after.get(0).get(i));
            }
        }
    }

    @Test
    void aRunReportsEveryNthStep(@TempDir Path dir) {
        ImageDataset data = TrainFixtures.patterns(16, SEED);
        List<Long> checked = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onGradientCheck(long step, GradientCheck.Comparison comparison) {
                assertThat(comparison.relativeError()).isLessThan(1e-4);
                checked.add(step);
            }
        };
        try (NDManager manager = NDManager.newBaseManager();
                TrainingRun run = TrainingRun.builder().setDirectory(dir.resolve("run")).setData(data, data)
                        .setTrainConfig(TrainConfig.builder().setBatchSize(8).setLearningRate(3e-3f).optMaxSteps(5)
                                .optSeed(SEED).build())
                        .optModel(TrainFixtures.tiny(8)).optStopHook(false).optListener(listener)
                        .optGradientCheck(2).build(manager)) {
            run.train();
        }
        assertThat(checked).containsExactly(2L, 4L);
    }
}

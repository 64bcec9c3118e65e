package io.github.pixelcnn.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.PixelModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one training step: it updates the parameters on a finite loss and leaves them alone otherwise. */
class TrainingStepTest {
    @Test
    void aFiniteStepUpdatesAndANonFiniteOneIsSkipped() {
        try (NDManager manager = NDManager.newBaseManager()) {
            PixelModel model = TrainFixtures.model(TrainFixtures.tiny(8), 3, manager);
            Adam adam = new Adam(model.namedParameters(), manager);
            NDArray x = manager.randomInteger(0, 256, new Shape(4, 1, 8, 8), DataType.INT32)
                    .toType(DataType.UINT8, false); // (N, C, H, W)
            List<float[]> before = TrainFixtures.parameters(model);

            TrainingStep.Outcome ok = new TrainingStep(model, adam, 0).apply(x, Condition.none(), 1e-2f);
            assertThat(ok.applied()).isTrue();
            assertThat(ok.loss()).isFinite().isPositive();
            assertThat(ok.gradientNorm()).isFinite().isPositive();
            List<float[]> after = TrainFixtures.parameters(model);
            assertThat(after.get(0)).isNotEqualTo(before.get(0));
            assertThat(adam.steps()).isEqualTo(1);

            // A NaN parameter makes the loss NaN: the step must not touch the parameters or Adam.
            NDArray first = model.namedParameters().get(0).getValue().getArray();
            float[] poisoned = first.toFloatArray();
            poisoned[0] = Float.NaN;
            first.set(poisoned);
            List<float[]> poisonedParams = TrainFixtures.parameters(model);
            TrainingStep.Outcome skipped = new TrainingStep(model, adam, 0).apply(x, Condition.none(), 1e-2f);
            assertThat(skipped.applied()).isFalse();
            assertThat(skipped.fault()).isEqualTo("loss");
            assertThat(adam.steps()).isEqualTo(1);
            List<float[]> now = TrainFixtures.parameters(model);
            for (int i = 1; i < now.size(); i++) {
                assertThat(now.get(i)).as("parameter %d", i).containsExactly(poisonedParams.get(i));
            }
        }
    }
}

package io.github.pixelcnn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.Gson;
import io.github.pixelcnn.BadParameterException;
import io.github.pixelcnn.model.Initialization;
import io.github.pixelcnn.nn.Precision;
import org.junit.jupiter.api.Test;

class TrainConfigTest {
    @Test
    void theBuilderNamesEachValueAndFillsTheDefaults() {
        TrainConfig c = TrainConfig.builder().setBatchSize(16).setLearningRate(2e-3f).optMaxSteps(90).build();
        assertThat(c).isEqualTo(new TrainConfig(16, 2e-3f, 1.0, 0, 90, 0, 42, 5, 0, 0, Precision.FP32, 0.0, 0.0,
                Initialization.FAN_IN, 0));
        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThat(c.toBuilder().optResize(16).build().toBuilder().build().resize()).isEqualTo(16);
        assertThat(c.toBuilder().optEpochs(3).build().epochs()).isEqualTo(3);
    }

    @Test
    void badValuesNameTheParameterNotAFlag() {
        assertThatThrownBy(() -> TrainConfig.builder().setBatchSize(0).setLearningRate(1e-3f).optEpochs(1).build())
                .isInstanceOf(BadParameterException.class)
                .hasMessage("batchSize must be at least 1, got 0")
                .extracting(e -> ((BadParameterException) e).parameter()).isEqualTo("batchSize");
        assertThatThrownBy(() -> TrainConfig.builder().setBatchSize(8).setLearningRate(1e-3f).build())
                .isInstanceOf(BadParameterException.class)
                .hasMessageContaining("one is required").hasMessageNotContaining("--");
        assertThatThrownBy(() -> TrainConfig.builder().setBatchSize(8).optEpochs(1).build())
                .hasMessageStartingWith("learningRate");
    }

    @Test
    void theStopIsReachedByStepsOrEpochs() {
        TrainConfig steps = TrainConfig.builder().setBatchSize(8).setLearningRate(1e-3f).optMaxSteps(10).build();
        assertThat(steps.reached(new TrainState(9, 3, 0, Double.NaN, 0))).isFalse();
        assertThat(steps.reached(new TrainState(10, 3, 0, Double.NaN, 0))).isTrue();
        TrainConfig epochs = TrainConfig.builder().setBatchSize(8).setLearningRate(1e-3f).optEpochs(2).build();
        assertThat(epochs.reached(new TrainState(99, 1, 5, Double.NaN, 0))).isFalse();
        assertThat(epochs.reached(new TrainState(99, 2, 0, Double.NaN, 0))).isTrue();
        TrainConfig minutes = TrainConfig.builder().setBatchSize(8).setLearningRate(1e-3f).optMinutes(1).build();
        assertThat(minutes.reached(new TrainState(1_000_000, 1000, 0, Double.NaN, 0))).isFalse();
    }

    /**
     * config.json's training block from before the builders, with its dead sampleEachEpoch, still
     * reads; it was drawn with DJL's default, so that is the initialisation it records.
     */
    @Test
    void anOldTrainingBlockStillReads() {
        String old = "{\"batchSize\":8,\"learningRate\":0.01,\"epochs\":0,\"maxSteps\":3,\"minutes\":0.0,\"seed\":5,"
                + "\"checkpointMinutes\":5.0,\"clipGrad\":0.0,\"evalLimit\":0,\"sampleEachEpoch\":true}";
        assertThat(new Gson().fromJson(old, TrainConfig.class))
                .isEqualTo(TrainConfig.builder().setBatchSize(8).setLearningRate(0.01f).optMaxSteps(3).optSeed(5)
                        .optInit(Initialization.HE).build());
    }
}

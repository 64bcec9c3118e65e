package io.github.pixelcnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.ModelType;
import io.github.pixelcnn.vq.VqVaeConfig;
import org.junit.jupiter.api.Test;

/** Both config records read from JSON through one parser: round trips, and one line for each fault. */
class ConfigJsonTest {
    private static ModelConfig model() {
        return ModelConfig.builder().setImage(1, 8, 8).optType(ModelType.GATED).optLayers(2).optChannels(12)
                .optKernels(7, 3).optHeadChannels(24).optLevels(8).build();
    }

    @Test
    void bothConfigsRoundTrip() {
        assertThat(ModelConfig.fromJson(model().toJson())).isEqualTo(model());
        VqVaeConfig vq = VqVaeConfig.of(1, 28, 28, 128, 32);
        assertThat(VqVaeConfig.fromJson(vq.toJson())).isEqualTo(vq);
    }

    @Test
    void emptyAndMalformedJsonAreNamedWithTheirConfig() {
        assertThatThrownBy(() -> ModelConfig.fromJson("")).isInstanceOf(BadInputException.class)
                .hasMessage("model config: empty JSON");
        assertThatThrownBy(() -> VqVaeConfig.fromJson("{\"codes\": ")).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("VQ-VAE config: not valid JSON (");
    }

    @Test
    void theRecordsOwnRefusalReachesTheCallerUnwrapped() {
        String evenKernel = model().toJson().replace("\"kernel\": 3", "\"kernel\": 4");
        assertThat(evenKernel).contains("\"kernel\": 4");
        assertThatThrownBy(() -> ModelConfig.fromJson(evenKernel)).isInstanceOf(BadInputException.class)
                .hasMessage("model config: kernel must be odd, got 4");
    }
}

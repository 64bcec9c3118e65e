package io.github.pixelcnn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pixelcnn.BadInputException;
import org.junit.jupiter.api.Test;

/** Named construction of the model config: paper defaults, copies that change one thing, checks in build(). */
class ModelConfigBuilderTest {
    @Test
    void defaultsAreThePapersReferenceArchitecture() {
        ModelConfig r = ModelConfig.builder().setImage(1, 28, 28).build();
        assertThat(r).isEqualTo(new ModelConfig(ModelType.GATED, 15, 64, 7, 3, 512, 256, 1, 28, 28,
                Conditioning.NONE, 0, ConditioningForm.GLOBAL, 0, 0, InputEncoding.EMBED));
        assertThat(ModelConfig.reference()).isEqualTo(r);
    }

    @Test
    void aCopyChangesOnlyWhatItNames() {
        ModelConfig base = ModelConfig.builder().setImage(3, 9, 5).optLayers(4).optChannels(12).optHeadChannels(24)
                .optConditioning(Conditioning.CLASS, 10).build();
        assertThat(base.toBuilder().build()).isEqualTo(base);
        ModelConfig spatial = ModelConfig.builder(base).optForm(ConditioningForm.BOTH, 4).build();
        assertThat(spatial.form()).isEqualTo(ConditioningForm.BOTH);
        assertThat(spatial.mapChannels()).isEqualTo(4);
        assertThat(spatial.toBuilder().optForm(ConditioningForm.GLOBAL, 0).build()).isEqualTo(base);

        ModelConfig ae = base.toBuilder().optAutoEncoder(6).build();
        assertThat(ae.type()).isEqualTo(ModelType.AUTOENCODER);
        assertThat(ae.conditioning()).isEqualTo(Conditioning.NONE);
        assertThat(ae.decoder().conditioning()).isEqualTo(Conditioning.VECTOR);
        assertThat(ae.decoder().conditionSize()).isEqualTo(6);
        assertThat(ae.decoder().layers()).isEqualTo(4);
    }

    @Test
    void theImageIsRequiredAndTheWholeIsChecked() {
        assertThatThrownBy(() -> ModelConfig.builder().build())
                .isInstanceOf(BadInputException.class).hasMessageContaining("setImage");
        assertThatThrownBy(() -> ModelConfig.builder().setImage(1, 8, 8).optKernels(7, 4).build())
                .isInstanceOf(BadInputException.class).hasMessageContaining("kernel must be odd");
    }
}

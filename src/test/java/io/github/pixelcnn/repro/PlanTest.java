package io.github.pixelcnn.repro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadParameterException;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ConditioningForm;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.ModelType;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class PlanTest {
    private static final ModelConfig GATED = ModelConfig.builder().setImage(1, 28, 28).optLayers(6).optChannels(32)
            .optHeadChannels(128).build();

    @Test
    void theMaskedModelOfRowAMatchesTheGatedParameterCountWithinThreePercent() {
        try (NDManager m = NDManager.newBaseManager()) {
            ModelConfig masked = Plan.maskedLike(GATED, m);
            long gated = Plan.parameterCount(GATED, m);
            long count = Plan.parameterCount(masked, m);
            assertThat(masked.type()).isEqualTo(ModelType.PIXELCNN);
            assertThat(masked.layers()).isEqualTo(6);
            assertThat(masked.headChannels()).isEqualTo(128);
            assertThat(Math.abs(count - gated) / (double) gated).isLessThan(0.03);
            // No other count is nearer.
            for (int c : new int[] {masked.channels() - 1, masked.channels() + 1}) {
                long other = Plan.parameterCount(masked.toBuilder().optChannels(c).build(), m);
                assertThat(Math.abs(other - gated)).isGreaterThanOrEqualTo(Math.abs(count - gated));
            }
        }
    }

    @Test
    void anRgbMaskedModelKeepsColourGroupsAndStillMatchesTheParameterCount() {
        ModelConfig rgb = ModelConfig.builder().setImage(3, 16, 16).optLayers(4).optChannels(48).optHeadChannels(144)
                .build();
        try (NDManager m = NDManager.newBaseManager()) {
            ModelConfig masked = Plan.maskedLike(rgb, m);
            long gated = Plan.parameterCount(rgb, m);
            long count = Plan.parameterCount(masked, m);
            assertThat(masked.channels() % 3).as("a multiple of 3, for the colour groups").isZero();
            assertThat(masked.imageChannels()).isEqualTo(3);
            assertThat(Math.abs(count - gated) / (double) gated).isLessThan(0.05);
        }
    }

    @Test
    void everyRowTrainsTheUnconditionalGatedModelOnceAndComparesAgainstIt() {
        ReproConfig config = ReproConfig.builder().setModel(GATED).setMinutesPerModel(1).optNoiseSeeds(3).build();
        try (NDManager m = NDManager.newBaseManager()) {
            Plan plan = Plan.of(config, 10, m);
            assertThat(plan.entries()).extracting(Entry::id).containsExactly("gated-none", "masked-none", "gated-class",
                    "ae-m10-global", "ae-m10-spatial", "ae-m32-global", "ae-m32-spatial", "gated-none-seed43",
                    "gated-none-seed44");
            assertThat(plan.entry("gated-none").orElseThrow().rows()).containsExactly("a", "b", "c", "noise");
            assertThat(plan.noise()).containsExactly("gated-none", "gated-none-seed43", "gated-none-seed44");
            assertThat(plan.entry("gated-none-seed44").orElseThrow().seed()).isEqualTo(44);
            ModelConfig cls = plan.entry("gated-class").orElseThrow().config();
            assertThat(cls.conditioning()).isEqualTo(Conditioning.CLASS);
            assertThat(cls.conditionSize()).isEqualTo(10);
            ModelConfig ae = plan.entry("ae-m32-spatial").orElseThrow().config();
            assertThat(ae.bottleneck()).isEqualTo(32);
            assertThat(ae.form()).isEqualTo(ConditioningForm.SPATIAL);
            assertThat(ae.mapChannels()).isEqualTo(16);
            // The auto-encoder's decoder is the unconditional model's architecture.
            assertThat(ae.decoder().toBuilder().optConditioning(Conditioning.NONE, 0).optForm(ConditioningForm.GLOBAL, 0)
                    .build()).isEqualTo(GATED);
            assertThat(plan.comparisons()).extracting(Comparison::row).containsExactly(Row.A, Row.B, Row.C, Row.C,
                    Row.C, Row.C);
            assertThat(plan.comparisons()).allSatisfy(c -> assertThat(
                    c.candidate().equals("gated-none") || c.baseline().equals("gated-none")).isTrue());
        }
    }

    @Test
    void onlyTheRowsAskedForAndNoNoiseRowWithOneSeed() {
        ReproConfig config = ReproConfig.builder().setModel(GATED).setMinutesPerModel(1).optRows(EnumSet.of(Row.B))
                .optNoiseSeeds(1).build();
        try (NDManager m = NDManager.newBaseManager()) {
            Plan plan = Plan.of(config, 10, m);
            assertThat(plan.entries()).extracting(Entry::id).containsExactly("gated-none", "gated-class");
            assertThat(plan.entry("gated-none").orElseThrow().rows()).containsExactly("b");
            assertThat(plan.noise()).isEmpty();
        }
    }

    @Test
    void rowsParseFromLettersAndRefuseOthers() {
        assertThat(Row.parse("C, a")).containsExactlyInAnyOrder(Row.A, Row.C);
        assertThatThrownBy(() -> Row.parse("a,d")).isInstanceOf(BadParameterException.class)
                .hasMessage("rows must be letters among a, b, c separated by commas, got a,d");
    }

    @Test
    void theConfigRefusesAConditionalBaseModel() {
        ModelConfig cls = GATED.toBuilder().optConditioning(Conditioning.CLASS, 10).build();
        assertThatThrownBy(() -> ReproConfig.builder().setModel(cls).setMinutesPerModel(1).build())
                .isInstanceOf(BadParameterException.class).hasMessageContaining("unconditional Gated PixelCNN");
        assertThatThrownBy(() -> ReproConfig.builder().setModel(GATED).build())
                .isInstanceOf(BadParameterException.class).hasMessageStartingWith("minutesPerModel ");
    }
}

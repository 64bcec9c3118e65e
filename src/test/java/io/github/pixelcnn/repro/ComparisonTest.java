package io.github.pixelcnn.repro;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ComparisonTest {
    @Test
    void aDifferenceWithinTheSeedSpreadDecidesNothing() {
        assertThat(Comparison.verdict(0.02, 0.03)).isEqualTo("not decided at this budget");
        assertThat(Comparison.verdict(-0.03, 0.03)).isEqualTo("not decided at this budget");
    }

    @Test
    void aLargerDifferenceAgreesOrContradictsAndSaysByHowMuch() {
        assertThat(Comparison.verdict(0.10, 0.02)).isEqualTo("agrees with the paper (5.0× the seed spread)");
        assertThat(Comparison.verdict(-0.06, 0.02)).isEqualTo("contradicts the paper (3.0× the seed spread)");
    }

    @Test
    void withoutANoiseRowTheVerdictSaysSo() {
        assertThat(Comparison.verdict(0.01, Double.NaN)).isEqualTo("agrees with the paper (noise not measured)");
        assertThat(Comparison.verdict(-0.01, Double.NaN)).isEqualTo("contradicts the paper (noise not measured)");
    }
}

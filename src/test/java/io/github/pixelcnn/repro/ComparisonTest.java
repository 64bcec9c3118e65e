package io.github.pixelcnn.repro;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ComparisonTest {
    @Test
    void aDifferenceWithinTheSeedSpreadDecidesNothing() {
        assertThat(Comparison.verdict(0.02, 0.03, 1000)).isEqualTo("not decided at this budget");
        assertThat(Comparison.verdict(-0.03, 0.03, 1000)).isEqualTo("not decided at this budget");
    }

    @Test
    void aLargerDifferenceAgreesOrContradictsAndSaysByHowMuch() {
        assertThat(Comparison.verdict(0.10, 0.02, 1000)).isEqualTo("agrees with the paper (5.0× the seed spread)");
        assertThat(Comparison.verdict(-0.06, 0.02, 1000)).isEqualTo("contradicts the paper (3.0× the seed spread)");
    }

    @Test
    void withoutANoiseRowTheVerdictSaysSo() {
        assertThat(Comparison.verdict(0.01, Double.NaN, 1000)).isEqualTo("agrees with the paper (noise not measured)");
        assertThat(Comparison.verdict(-0.01, Double.NaN, 1000)).isEqualTo("contradicts the paper (noise not measured)");
    }

    @Test
    void tooFewStepsDecideNothingWhateverTheDifference() {
        assertThat(Comparison.verdict(3.0, 0.01, 13)).isEqualTo("not decided: 13 steps, fewer than the 200 a verdict needs");
        assertThat(Comparison.verdict(-3.0, Double.NaN, 199)).startsWith("not decided: 199 steps");
        assertThat(Comparison.verdict(3.0, 0.01, 200)).startsWith("agrees with the paper");
    }
}

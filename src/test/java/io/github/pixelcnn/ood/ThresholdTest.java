package io.github.pixelcnn.ood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pixelcnn.BadInputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calibration on in-distribution scores only: the false-alarm rate is met exactly, ties included. */
class ThresholdTest {
    @Test
    void theQuantileFlagsAtMostTheRate() {
        double[] scores = new double[100];
        for (int i = 0; i < 100; i++) {
            scores[i] = i; // 0 … 99
        }
        // 5% of 100: the five scores 95 … 99 lie above 94.
        assertThat(Threshold.quantile(scores, 0.05)).isEqualTo(94);
        assertThat(Threshold.flaggedFraction(scores, 94)).isEqualTo(0.05);
        // 0.5% of 100 flags none: the maximum.
        assertThat(Threshold.quantile(scores, 0.005)).isEqualTo(99);
    }

    @Test
    void tiesAtTheQuantileAreNotFlaggedSoTheRateHolds() {
        double[] scores = {1, 2, 3, 3, 3, 3, 3, 3, 3, 3};
        double t = Threshold.quantile(scores, 0.2);
        assertThat(t).isEqualTo(3);
        assertThat(Threshold.flaggedFraction(scores, t)).isZero();
    }

    @Test
    void calibratedThresholdRoundTripsThroughJsonAndGuardsItsModels(@TempDir Path dir) {
        double[] normal = {0.1, 0.4, 0.2, 0.9, 0.3, 0.5, 0.6, 0.7, 0.8, 1.0};
        Threshold t = Threshold.calibrate(normal, OodScore.RATIO, 0.1, "train", "m", "0000abcd", "bg", "1111ef00");
        assertThat(t.value()).isEqualTo(0.9);
        assertThat(t.flaggedInCalibration()).isEqualTo(0.1);
        assertThat(t.flags(0.95)).isTrue();
        assertThat(t.flags(0.9)).isFalse();
        Path file = dir.resolve("threshold.json");
        t.write(file);
        assertThat(Threshold.read(file)).isEqualTo(t);
        t.requireModels("0000abcd", "1111ef00", file);
        assertThatThrownBy(() -> t.requireModels("0000abce", "1111ef00", file))
                .isInstanceOf(BadInputException.class).hasMessageContaining("calibrate again");
        assertThatThrownBy(() -> t.requireModels("0000abcd", null, file))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--background");
    }

    @Test
    void emptyCalibrationSetAndBadRatesAreRefused() {
        assertThatThrownBy(() -> Threshold.quantile(new double[0], 0.05))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no in-distribution images");
        assertThatThrownBy(() -> Threshold.quantile(new double[] {1}, 1.5))
                .isInstanceOf(BadInputException.class).hasMessageContaining("(0, 1)");
    }

    @Test
    void theCalibrationSampleIsDistinctSortedAndSeeded() {
        int[] a = Threshold.sample(1000, 50, 3);
        assertThat(a).hasSize(50).isSorted().doesNotHaveDuplicates();
        assertThat(Threshold.sample(1000, 50, 3)).isEqualTo(a);
        assertThat(Threshold.sample(10, 0, 3)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }
}

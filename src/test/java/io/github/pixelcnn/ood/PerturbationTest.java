package io.github.pixelcnn.ood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pixelcnn.BadParameterException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The background model's input perturbation: its statistics, its seeding, its bounds. */
class PerturbationTest {
    private static final int N = 200_000;

    @Test
    void replacesAboutMuOfTheSubPixelsWithUniformLevels() {
        byte[] zeros = new byte[N];
        int levels = 4;
        double mu = 0.2;
        byte[] out = new Perturbation(mu).apply(zeros, levels, 7, 3);
        int[] counts = new int[256];
        for (byte b : out) {
            counts[b & 0xff]++;
        }
        // A replaced sub-pixel is 0 with probability 1/levels, so the visible changes are mu (1 - 1/levels).
        double changed = (N - counts[0]) / (double) N;
        double expected = mu * (1 - 1.0 / levels);
        double sigma = Math.sqrt(expected * (1 - expected) / N);
        assertThat(Math.abs(changed - expected)).isLessThan(5 * sigma);
        // Each non-zero level is drawn mu/levels of the time; nothing outside the levels.
        for (int level = 1; level < levels; level++) {
            double p = mu / levels;
            assertThat(Math.abs(counts[level] / (double) N - p)).isLessThan(5 * Math.sqrt(p * (1 - p) / N));
        }
        assertThat(Arrays.stream(counts, levels, 256).sum()).isZero();
        assertThat(zeros).containsOnly(0); // the input is not modified
    }

    @Test
    void theSameSeedAndStepGiveTheSameDrawsAndOthersDiffer() {
        byte[] pixels = new byte[1000];
        Perturbation p = new Perturbation(0.5);
        assertThat(p.apply(pixels, 256, 42, 9)).isEqualTo(p.apply(pixels, 256, 42, 9));
        assertThat(p.apply(pixels, 256, 42, 9)).isNotEqualTo(p.apply(pixels, 256, 42, 10));
        assertThat(p.apply(pixels, 256, 42, 9)).isNotEqualTo(p.apply(pixels, 256, 43, 9));
        assertThat(new Perturbation(0).apply(new byte[] {5, 6}, 256, 1, 1)).containsExactly(5, 6);
    }

    @Test
    void muOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> new Perturbation(1)).isInstanceOf(BadParameterException.class);
        assertThatThrownBy(() -> new Perturbation(-0.1)).isInstanceOf(BadParameterException.class);
        assertThatThrownBy(() -> new Perturbation(Double.NaN)).isInstanceOf(BadParameterException.class);
    }
}

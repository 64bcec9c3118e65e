package io.github.pixelcnn.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pixelcnn.BadParameterException;
import org.junit.jupiter.api.Test;

/** The line between two codes: both ends exact, even steps, at least two points. */
class InterpolationTest {
    @Test
    void pointsRunEvenlyFromAToBWithBothEndsExact() {
        float[] a = {1f, -2f};
        float[] b = {3f, 6f};
        float[] line = Interpolation.line(a, b, 5);
        assertThat(line).containsExactly(1f, -2f, 1.5f, 0f, 2f, 2f, 2.5f, 4f, 3f, 6f);
    }

    @Test
    void fewerThanTwoPointsIsRefusedByParameterName() {
        assertThatThrownBy(() -> Interpolation.line(new float[1], new float[1], 1))
                .isInstanceOf(BadParameterException.class)
                .hasMessage("points must be at least 2, got 1")
                .extracting(e -> ((BadParameterException) e).parameter()).isEqualTo("points");
    }
}

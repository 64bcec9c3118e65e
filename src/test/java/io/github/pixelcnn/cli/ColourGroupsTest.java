package io.github.pixelcnn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pixelcnn.BadInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one decision of RGB widths, for train's defaults (64, 512) and reproduce's (32, 128). */
class ColourGroupsTest {
    @Test
    void grayImagesKeepTheWidthsAsGiven() {
        assertThat(ColourGroups.fit(1, ColourGroups.TRAIN_RGB_HEAD, 64, false, 512, false))
                .isEqualTo(new ColourGroups.Widths(64, 512, List.of()));
        assertThat(ColourGroups.fit(1, ColourGroups.REPRODUCE_RGB_HEAD, 31, true, 100, true))
                .isEqualTo(new ColourGroups.Widths(31, 100, List.of()));
    }

    @Test
    void rgbDefaultsAreEachCommandsAndNamed() {
        assertThat(ColourGroups.fit(3, ColourGroups.TRAIN_RGB_HEAD, 64, false, 512, false))
                .isEqualTo(new ColourGroups.Widths(48, 384, List.of("--channels 48", "--head 384")));
        assertThat(ColourGroups.fit(3, ColourGroups.REPRODUCE_RGB_HEAD, 32, false, 128, false))
                .isEqualTo(new ColourGroups.Widths(48, 144, List.of("--channels 48", "--head 144")));
        // Every RGB default splits into three colour groups of a multiple of 16 channels.
        for (int w : new int[] {ColourGroups.RGB_CHANNELS, ColourGroups.TRAIN_RGB_HEAD, ColourGroups.REPRODUCE_RGB_HEAD}) {
            assertThat(w % 48).as("%d", w).isZero();
        }
    }

    @Test
    void aGivenWidthIsKeptOrRefusedInOneLine() {
        assertThat(ColourGroups.fit(3, ColourGroups.REPRODUCE_RGB_HEAD, 24, true, 128, false))
                .isEqualTo(new ColourGroups.Widths(24, 144, List.of("--head 144")));
        assertThatThrownBy(() -> ColourGroups.fit(3, ColourGroups.TRAIN_RGB_HEAD, 48, false, 512, true))
                .isInstanceOf(BadInputException.class)
                .hasMessage("--head 512: RGB images need a multiple of 3, e.g. 384 (the RGB default)");
    }
}

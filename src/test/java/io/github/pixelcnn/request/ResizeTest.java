package io.github.pixelcnn.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pixelcnn.BadParameterException;
import io.github.pixelcnn.data.DataSource;
import org.junit.jupiter.api.Test;

/** The resize asked of a model whose run recorded none: only to the model's own size, never silently. */
class ResizeTest {
    @Test
    void notAskedOrZeroKeepsSizes() {
        assertThat(Resize.asked(null, 6, 6).scales()).isFalse();
        assertThat(Resize.asked(0, 6, 6).scales()).isFalse();
    }

    @Test
    void theModelsSideOrTheBareSwitchScales() {
        assertThat(Resize.asked(6, 6, 6)).isEqualTo(new Resize(true, false, 6, 6));
        assertThat(Resize.asked(Resize.MODEL_SIZE, 4, 7)).isEqualTo(new Resize(true, false, 4, 7));
    }

    @Test
    void anotherSideIsRefusedByName() {
        assertThatThrownBy(() -> Resize.asked(8, 6, 6)).isInstanceOf(BadParameterException.class)
                .hasMessage("resize 8: the model takes 6x6 images, so they can be scaled to that size only");
    }

    @Test
    void onlyAFolderIsScaledAndARecordedResizeLeavesOtherSetsAlone() {
        DataSource idx = DataSource.parse("mnist:/nowhere");
        assertThat(new Resize(true, true, 28, 28).apply(idx).resize()).isZero();
        assertThatThrownBy(() -> new Resize(true, false, 28, 28).apply(idx))
                .hasMessage("resize applies to folder:DIR datasets only, not mnist:/nowhere");
        assertThat(new Resize(true, true, 6, 6).apply(DataSource.parse("folder:/nowhere")).resize()).isEqualTo(6);
        assertThat(new Resize(false, false, 6, 6).apply(DataSource.parse("folder:/nowhere")).resize()).isZero();
    }
}

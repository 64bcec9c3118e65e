package io.github.pixelcnn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pixelcnn.BadInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageDatasetTest {
    private static final List<String> AB = List.of("a", "b");

    @Test
    void subsetAndHeadCopyImagesAndLabels() {
        byte[] pixels = {0, 0, 1, 1, 2, 2}; // 3 images of 1x1x2
        ImageDataset d = ImageDataset.labeled("d", pixels, 3, 1, 1, 2, new int[] {0, 1, 0}, AB);
        ImageDataset s = d.subset(new int[] {2, 1});
        assertThat(s.pixels()).containsExactly(2, 2, 1, 1);
        assertThat(s.label(1)).isEqualTo(1);
        assertThat(d.head(1).pixels()).containsExactly(0, 0);
        assertThat(d.head(10)).isSameAs(d);
        assertThat(d.imageSize()).isEqualTo(2);
        assertThat(d.numClasses()).isEqualTo(2);
    }

    @Test
    void constructorRejectsInconsistentShapes() {
        assertThatThrownBy(() -> ImageDataset.unlabeled("d", new byte[0], 0, 1, 2, 2))
                .isInstanceOf(BadInputException.class).hasMessage("d: empty dataset");
        assertThatThrownBy(() -> ImageDataset.unlabeled("d", new byte[8], 1, 2, 2, 2))
                .hasMessage("d: 2 channels, expected 1 (gray) or 3 (RGB)");
        assertThatThrownBy(() -> ImageDataset.unlabeled("d", new byte[5], 1, 1, 2, 2))
                .hasMessage("d: 5 pixel bytes, expected 4 = 1 images x 1 x 2 x 2");
        assertThatThrownBy(() -> ImageDataset.labeled("d", new byte[8], 2, 1, 2, 2, new int[] {0}, AB))
                .hasMessage("d: 1 labels for 2 images");
        assertThatThrownBy(() -> ImageDataset.labeled("d", new byte[4], 1, 1, 2, 2, new int[] {2}, AB))
                .hasMessage("d: label 2 of image 0 is out of range 0..1");
    }
}

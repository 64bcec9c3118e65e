package io.github.pixelcnn.ood;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pixelcnn.data.ImageDataset;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** L(x): PNG bits per sub-pixel; simple images are short, noise is long. */
class ComplexityTest {
    @Test
    void constantImagesAreShortNoiseIsLong() {
        byte[] flat = new byte[28 * 28];
        byte[] noise = new byte[28 * 28];
        new Random(1).nextBytes(noise);
        double simple = Complexity.bitsPerDim(flat, 0, 1, 28, 28);
        double complex = Complexity.bitsPerDim(noise, 0, 1, 28, 28);
        assertThat(simple).isLessThan(1.5); // the headers and a few bytes of deflate
        assertThat(complex).isGreaterThan(8); // incompressible, plus the headers
        assertThat(simple).isEqualTo(8.0 * Complexity.pngBytes(flat, 0, 1, 28, 28) / 784);
    }

    @Test
    void syntheticSetsHaveTheReferenceShapeAndRepeat() {
        byte[] px = new byte[3 * 64];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) i;
        }
        ImageDataset ref = ImageDataset.unlabeled("ref", px, 3, 1, 8, 8);
        ImageDataset flip = SyntheticSets.make("flip", ref, 256, 5, 1);
        assertThat(flip.size()).isEqualTo(3); // at most the reference's images
        assertThat(flip.pixels()[0]).isEqualTo(px[56]); // row 7 first
        ImageDataset invert = SyntheticSets.make("invert", ref, 256, 2, 1);
        assertThat(invert.pixels()[1] & 0xff).isEqualTo(254);
        for (String name : SyntheticSets.NAMES) {
            ImageDataset d = SyntheticSets.make(name, ref, 256, 3, 9);
            assertThat(d.height()).isEqualTo(8);
            assertThat(SyntheticSets.make(name, ref, 256, 3, 9).pixels()).isEqualTo(d.pixels());
        }
    }
}

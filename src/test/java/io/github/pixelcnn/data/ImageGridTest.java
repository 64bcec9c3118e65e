package io.github.pixelcnn.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGridTest {
    @TempDir Path dir;

    @Test
    void grayGridHasTheDocumentedSizeAndPixels() throws Exception {
        byte[] pixels = new byte[5 * 3 * 4]; // 5 images of 3x4
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i / 12 * 40);
        }
        Path png = dir.resolve("samples.png");
        ImageGrid.write(png, pixels, 5, 1, 3, 4, 2, 3);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(2 * 4 * 3 + ImageGrid.GAP);
        assertThat(image.getHeight()).isEqualTo(3 * 3 * 3 + 2 * ImageGrid.GAP);
        assertThat(image.getRGB(0, 0) & 0xffffff).isZero(); // image 0
        int x1 = 4 * 3 + ImageGrid.GAP; // image 1 starts after one image and a gap
        assertThat(image.getRGB(x1, 0) & 0xffffff).isEqualTo(0x282828);
        assertThat(image.getRGB(x1 - 1, 0) & 0xffffff).isEqualTo(0xffffff); // the gap
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(png);
        }
    }

    @Test
    void rgbPlanesBecomeColours() throws Exception {
        byte[] pixels = {10, 20, 30}; // one 1x1 RGB image, CHW
        Path png = dir.resolve("rgb.png");
        ImageGrid.write(png, pixels, 1, 3, 1, 1, 8, 1);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1);
        assertThat(image.getRGB(0, 0) & 0xffffff).isEqualTo(0x0a141e);
    }
}

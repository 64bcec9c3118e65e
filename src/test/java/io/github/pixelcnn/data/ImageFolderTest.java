package io.github.pixelcnn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pixelcnn.BadInputException;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {
    @TempDir Path dir;

    /** Writes a w x h PNG whose every pixel is {@code rgb}; gray images use the red byte. */
    static Path png(Path file, int w, int h, boolean gray, int rgb) throws Exception {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(
                w, h, gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (gray) {
                    image.getRaster().setSample(x, y, 0, (rgb >> 16) & 0xff);
                } else {
                    image.setRGB(x, y, rgb);
                }
            }
        }
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    @Test
    void grayFolderKeepsExactValuesAndSortedLabels() throws Exception {
        png(dir.resolve("zebra/a.png"), 4, 3, true, 0xC80000);
        png(dir.resolve("ant/b.png"), 4, 3, true, 0x070000);
        png(dir.resolve("ant/a.png"), 4, 3, true, 0x050000);
        ImageDataset data = ImageFolder.load(dir, 0);
        assertThat(data.classNames()).containsExactly("ant", "zebra");
        assertThat(data.size()).isEqualTo(3);
        assertThat(data.channels()).isEqualTo(1);
        assertThat(data.height()).isEqualTo(3);
        assertThat(data.width()).isEqualTo(4);
        assertThat(new int[] {data.label(0), data.label(1), data.label(2)}).containsExactly(0, 0, 1);
        assertThat(data.pixels()[0]).isEqualTo((byte) 5); // ant/a.png first
        assertThat(data.pixels()[12]).isEqualTo((byte) 7);
        assertThat(data.pixels()[24] & 0xff).isEqualTo(200);
    }

    @Test
    void rgbFolderIsChwAndGrayImagesAreRepeated() throws Exception {
        png(dir.resolve("a/color.png"), 2, 2, false, 0x102030);
        png(dir.resolve("b/gray.png"), 2, 2, true, 0x400000);
        ImageDataset data = ImageFolder.load(dir, 0);
        assertThat(data.channels()).isEqualTo(3);
        byte[] p = data.pixels();
        assertThat(new byte[] {p[0], p[4], p[8]}).containsExactly(0x10, 0x20, 0x30);
        assertThat(new byte[] {p[12], p[16], p[20]}).containsExactly(0x40, 0x40, 0x40);
    }

    @Test
    void resizeScalesEveryImageToTheSquare() throws Exception {
        png(dir.resolve("a/big.png"), 8, 6, true, 0x800000);
        png(dir.resolve("a/small.png"), 2, 2, true, 0x800000);
        ImageDataset data = ImageFolder.load(dir, 4);
        assertThat(data.height()).isEqualTo(4);
        assertThat(data.width()).isEqualTo(4);
        assertThat(data.pixels()[5] & 0xff).isEqualTo(128); // flat colour survives scaling
    }

    @Test
    void differentlySizedImagesNeedAResize() throws Exception {
        Path first = png(dir.resolve("a/1.png"), 28, 28, true, 0);
        Path odd = png(dir.resolve("b/2.png"), 32, 30, true, 0);
        assertThatThrownBy(() -> ImageFolder.load(dir, 0))
                .isInstanceOf(BadInputException.class)
                .hasMessage(odd + ": 30x32 (height x width), expected 28x28 like " + first + "; use a resize");
    }

    @Test
    void undecodableImageIsNamed() throws Exception {
        png(dir.resolve("a/ok.png"), 2, 2, true, 0);
        Path bad = Files.write(dir.resolve("a/zz.png"), new byte[] {1, 2, 3, 4});
        assertThatThrownBy(() -> ImageFolder.load(dir, 0))
                .isInstanceOf(BadInputException.class)
                .hasMessage(bad + ": not a PNG or JPEG image");
    }

    @Test
    void nonImageFileIsNamed() throws Exception {
        png(dir.resolve("a/ok.png"), 2, 2, true, 0);
        Path notes = Files.writeString(dir.resolve("a/notes.txt"), "hello");
        Files.writeString(dir.resolve("a/.DS_Store"), "hidden files are skipped");
        assertThatThrownBy(() -> ImageFolder.load(dir, 0))
                .isInstanceOf(BadInputException.class)
                .hasMessage(notes + ": not a PNG or JPEG image (expected .png, .jpg or .jpeg)");
    }

    @Test
    void emptyFoldersAreNamed() throws Exception {
        assertThatThrownBy(() -> ImageFolder.load(dir, 0))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(dir + ": no class subfolders");
        Files.createDirectories(dir.resolve("cats"));
        assertThatThrownBy(() -> ImageFolder.load(dir, 0))
                .hasMessage(dir.resolve("cats") + ": no images");
        assertThatThrownBy(() -> ImageFolder.load(dir.resolve("missing"), 0))
                .hasMessage(dir.resolve("missing") + ": no such directory");
    }
}

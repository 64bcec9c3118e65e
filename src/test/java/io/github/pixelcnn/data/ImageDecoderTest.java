package io.github.pixelcnn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pixelcnn.BadInputException;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every image reader refuses hostile files from the header: each refusal is one line that names
 * the file (and the claimed size) and allocates a few MB at most, however many pixels the file
 * claims. Work is bounded by bytes allocated, not by seconds, which a loaded machine cannot keep.
 */
class ImageDecoderTest {
    /** What one refusal may allocate on the calling thread: the old decoders took gigabytes here. */
    private static final long MAX_REFUSAL_BYTES = 32L << 20;

    @TempDir Path dir;

    private List<Path> bombs() {
        return List.of(
                HostileImages.pngBomb(dir.resolve("gray-bomb.png"), 40000, 40000, false, 200),
                HostileImages.pngBomb(dir.resolve("colour-bomb.png"), 40000, 40000, true, 100),
                HostileImages.pngHeaderOnly(dir.resolve("billions.png"), 100000, 100000),
                HostileImages.jpegHugeFrame(dir.resolve("huge-frame.jpg"), 65000, 65000));
    }

    /** {@code read} must throw a one-line BadInputException naming the file, within the byte bound. */
    private static void refusedCheaply(Path file, Consumer<Path> read, String... claims) {
        long bytes = HostileImages.allocatedBy(() -> read.accept(file));
        assertThatThrownBy(() -> read.accept(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(file.toString()).hasMessageContainingAll(claims)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(bytes).as("%s: bytes allocated by the refusal", file).isLessThan(MAX_REFUSAL_BYTES);
    }

    @Test
    void bombsAreRefusedFromTheHeaderWhateverTheLimit() {
        for (Path bomb : bombs()) {
            String claim = bomb.toString().endsWith(".jpg") ? "65000x65000"
                    : bomb.getFileName().toString().startsWith("billions") ? "100000x100000" : "40000x40000";
            refusedCheaply(bomb, f -> ImageDecoder.read(f, ImageDecoder.Limit.any()), claim, "not decoded");
            refusedCheaply(bomb, f -> ImageDecoder.read(f, ImageDecoder.Limit.resizedTo(32)), claim, "not decoded");
            refusedCheaply(bomb, f -> ImageDecoder.read(f, ImageDecoder.Limit.exactly(28, 28)), claim, "28x28");
        }
    }

    @Test
    void aSizeMismatchNamesHeightThenWidthLikeEveryOtherShape() throws Exception {
        Path wide = ImageFolderTest.png(dir.resolve("wide.png"), 30, 20, true, 0);
        assertThatThrownBy(() -> ImageDecoder.read(wide, ImageDecoder.Limit.exactly(28, 28)))
                .isInstanceOf(BadInputException.class)
                .hasMessage(wide + ": image is 20x30 (height x width), expected 28x28; use a resize");
    }

    @Test
    void headersNameTheFormatAndClaimedSize() {
        ImageDecoder.Header png = ImageDecoder.header(HostileImages.pngHeaderOnly(dir.resolve("h.png"), 70000, 3));
        assertThat(png).isEqualTo(new ImageDecoder.Header(70000, 3, "PNG"));
        ImageDecoder.Header jpeg = ImageDecoder.header(HostileImages.jpegHugeFrame(dir.resolve("h.jpg"), 60000, 5));
        assertThat(jpeg).isEqualTo(new ImageDecoder.Header(60000, 5, "JPEG"));
    }

    @Test
    void imageInputRefusesBombsAndSniffsUploadsWithoutAnExtension() throws Exception {
        for (Path bomb : bombs()) {
            refusedCheaply(bomb, f -> ImageInput.read(f, 1, 28, 28), "28x28");
            refusedCheaply(bomb, f -> ImageInput.read(f, 3, 32, 32, true), "not decoded");
        }
        // A server saves an upload under a name of its own: the content, not the name, says PNG.
        Path upload = Files.copy(bombs().get(0), dir.resolve("upload-1234.tmp"));
        refusedCheaply(upload, f -> ImageInput.read(f, 1, 28, 28), "40000x40000");
        Path good = dir.resolve("upload-5678.tmp");
        ImageIO.write(new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY), "png", good.toFile());
        assertThat(ImageInput.read(good, 1, 28, 28).size()).isEqualTo(1);
    }

    @Test
    void foldersAreRefusedBeforeAnyImageIsDecoded() throws Exception {
        Path root = dir.resolve("folder");
        for (int i = 0; i < 3; i++) {
            ImageFolderTest.png(root.resolve("a/ok-" + i + ".png"), 8, 8, false, 0x102030);
        }
        Path bomb = HostileImages.pngBomb(root.resolve("b/zz-bomb.png"), 40000, 40000, true, 100);
        refusedCheaply(root, d -> ImageFolder.load(d, 0), bomb.toString(), "40000x40000");
        refusedCheaply(root, d -> ImageFolder.load(d, 32), bomb.toString(), "40000x40000");
        refusedCheaply(root, d -> ImageInput.read(d, 3, 8, 8), bomb.toString(), "8x8");
        refusedCheaply(root, d -> DataSource.parse("folder:" + d).withResize(16).load(Split.TRAIN), bomb.toString());
    }

    @Test
    void truncatedEmptyAndNonImagesAreOneLine() throws Exception {
        Path truncated = HostileImages.truncatedPng(dir.resolve("cut.png"), 64);
        refusedCheaply(truncated, f -> ImageDecoder.read(f, ImageDecoder.Limit.any()), "truncated or corrupt");
        Path empty = HostileImages.pngHeaderOnly(dir.resolve("empty.png"), 0, 0);
        refusedCheaply(empty, f -> ImageDecoder.read(f, ImageDecoder.Limit.any()), "not a readable PNG");
        Path text = HostileImages.notAnImage(dir.resolve("notes.png"));
        refusedCheaply(text, f -> ImageDecoder.read(f, ImageDecoder.Limit.any()), "not a PNG or JPEG image");
        Path zeroBytes = Files.write(dir.resolve("zero.png"), new byte[0]);
        refusedCheaply(zeroBytes, f -> ImageInput.read(f, 1, 8, 8), "not a PNG or JPEG");
    }

    @Test
    void alphaIsCompositedOverWhite() throws Exception {
        BufferedImage argb = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x00000000); // transparent black: white paper
        argb.setRGB(1, 0, 0xffff0000); // opaque red
        argb.setRGB(2, 0, 0x800000ff); // half-transparent blue
        Path file = dir.resolve("alpha.png");
        ImageIO.write(argb, "png", file.toFile());
        ImageDecoder.Decoded d = ImageDecoder.decode(file, ImageDecoder.Limit.any());
        assertThat(d.channels).isEqualTo(3);
        int plane = 3;
        int[] r = {d.pixels[0] & 0xff, d.pixels[1] & 0xff, d.pixels[2] & 0xff};
        int[] g = {d.pixels[plane] & 0xff, d.pixels[plane + 1] & 0xff, d.pixels[plane + 2] & 0xff};
        int[] b = {d.pixels[2 * plane] & 0xff, d.pixels[2 * plane + 1] & 0xff, d.pixels[2 * plane + 2] & 0xff};
        assertThat(new int[] {r[0], g[0], b[0]}).containsExactly(255, 255, 255);
        assertThat(new int[] {r[1], g[1], b[1]}).containsExactly(255, 0, 0);
        // 0x80 = 128 of 255 opaque: 255·127/255 ≈ 127 from the white, plus 255·128/255 = 128 of blue
        assertThat(new int[] {r[2], g[2], b[2]}).containsExactly(127, 127, 255);
    }

    @Test
    void largeImagesToBeResizedAreSubsampledWhileDecoding() throws Exception {
        int side = 2100; // 4.4 megapixels: past the direct limit, so decoded with a step of 3
        BufferedImage big = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                big.setRGB(x, y, y < side / 2 ? 0xff0000 : 0x0000ff);
            }
        }
        Path file = dir.resolve("big.png");
        ImageIO.write(big, "png", file.toFile());
        big = null;
        refusedCheaply(file, f -> ImageDecoder.read(f, ImageDecoder.Limit.any()), "2100x2100", "more with a resize");
        long[] bytes = new long[1];
        BufferedImage[] out = new BufferedImage[1];
        bytes[0] = HostileImages.allocatedBy(() -> out[0] = ImageDecoder.read(file, ImageDecoder.Limit.resizedTo(8)));
        assertThat(out[0].getWidth()).isEqualTo(8);
        assertThat(out[0].getHeight()).isEqualTo(8);
        assertThat(out[0].getRGB(4, 0) & 0xffffff).isEqualTo(0xff0000);
        assertThat(out[0].getRGB(4, 7) & 0xffffff).isEqualTo(0x0000ff);
        // a full decode would hold 4.4 M pixels at 4 bytes twice over; subsampled, far less
        assertThat(bytes[0]).isLessThan(48L << 20);
    }
}

package io.github.pixelcnn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pixelcnn.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file's extension picks its format, or the write is refused before anything is written. */
class OutputFormatsTest {
    @TempDir Path dir;

    @Test
    void gridsArePngOrJpegAfterTheirName() throws IOException {
        byte[] pixels = new byte[2 * 4 * 4];
        ImageGrid.write(dir.resolve("a.png"), pixels, 2, 1, 4, 4, 2, 1);
        ImageGrid.write(dir.resolve("a.JPG"), pixels, 2, 1, 4, 4, 2, 1);
        byte[] png = Files.readAllBytes(dir.resolve("a.png"));
        byte[] jpg = Files.readAllBytes(dir.resolve("a.JPG"));
        assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("PNG");
        assertThat(jpg[0] & 0xff).isEqualTo(0xff);
        assertThat(jpg[1] & 0xff).isEqualTo(0xd8);
        assertThatThrownBy(() -> ImageGrid.write(dir.resolve("a.bmp"), pixels, 2, 1, 4, 4, 2, 1))
                .isInstanceOf(BadInputException.class).hasMessageContaining("a.bmp");
        assertThat(dir.resolve("a.bmp")).doesNotExist();
    }

    @Test
    void vectorsAreNpyOrCsvAfterTheirNameAndReadBackExactly() {
        float[] values = {0.1f, -2.5e-7f, 3f, Float.MIN_VALUE, 1e30f, -0f};
        VectorFile.write(dir.resolve("v.csv"), values, 3, 2);
        VectorFile.write(dir.resolve("v.npy"), values, 3, 2);
        assertThat(VectorFile.read(dir.resolve("v.csv")).values()).containsExactly(values);
        assertThat(VectorFile.read(dir.resolve("v.npy")).values()).containsExactly(values);
        assertThat(VectorFile.isCsv(dir.resolve("v.csv"))).isTrue();
        assertThatThrownBy(() -> VectorFile.write(dir.resolve("v.txt"), values, 3, 2))
                .isInstanceOf(BadInputException.class);
        assertThat(dir.resolve("v.txt")).doesNotExist();
    }
}

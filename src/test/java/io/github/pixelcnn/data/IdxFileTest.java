package io.github.pixelcnn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pixelcnn.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxFileTest {
    @TempDir Path dir;

    private static byte[] ramp(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7);
        }
        return b;
    }

    /** Hand-made IDX bytes: magic, dims, then the data. */
    static byte[] idx(int magic, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(raw);
        }
        return bytes.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void writeThenReadGivesTheSameBytes(boolean gz) {
        Path file = dir.resolve("images");
        byte[] data = ramp(3 * 4 * 5);
        IdxFile.write(file, new int[] {3, 4, 5}, data, gz);
        IdxFile read = IdxFile.read(file, 3);
        assertThat(read.dims()).containsExactly(3, 4, 5);
        assertThat(read.data()).isEqualTo(data);
        try (var entries = Files.list(dir)) {
            assertThat(entries).containsExactly(file); // no temp file left
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void handMadeBytesReadExactlyAndGzipIsDetectedByContent() throws IOException {
        byte[] labels = {0, 9, 3, 255 - 256};
        byte[] raw = idx(0x0801, new int[] {4}, labels);
        Path plain = Files.write(dir.resolve("labels.gz"), raw); // misleading name, raw content
        Path zipped = Files.write(dir.resolve("labels.bin"), gzip(raw)); // gzip, no .gz
        assertThat(IdxFile.read(plain, 1).data()).isEqualTo(labels);
        assertThat(IdxFile.read(zipped, 1).data()).isEqualTo(labels);
        assertThat(Files.readAllBytes(writeRaw(new int[] {4}, labels))).isEqualTo(raw);
    }

    private Path writeRaw(int[] dims, byte[] data) {
        Path file = dir.resolve("written");
        IdxFile.write(file, dims, data, false);
        return file;
    }

    @Test
    void wrongMagicIsNamed() throws IOException {
        Path file = Files.write(dir.resolve("train-images-idx3-ubyte"), new byte[16]);
        assertThatThrownBy(() -> IdxFile.read(file, 3))
                .isInstanceOf(BadInputException.class)
                .hasMessage(
                        file + ": bad magic 0x00000000, expected 0x00000803"
                                + " (IDX unsigned byte, 3 dims)");
    }

    @Test
    void nonZeroLeadingBytesAreBadMagic() throws IOException {
        Path file = Files.write(dir.resolve("x"), idx(0x12340803, new int[] {1, 1, 1}, new byte[1]));
        assertThatThrownBy(() -> IdxFile.read(file, 3)).hasMessageContaining("bad magic 0x12340803");
    }

    @Test
    void unsupportedElementTypeIsNamed() throws IOException {
        Path file = Files.write(dir.resolve("f"), idx(0x0D01, new int[] {1}, new byte[4]));
        assertThatThrownBy(() -> IdxFile.read(file, 1))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("unsupported IDX element type 0x0D");
    }

    @Test
    void wrongNumberOfDimensionsIsNamed() throws IOException {
        Path file = Files.write(dir.resolve("labels"), idx(0x0801, new int[] {4}, new byte[4]));
        assertThatThrownBy(() -> IdxFile.read(file, 3))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(file + ": 1 dimensions, expected 3");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void truncatedDataSaysHowMuchIsThere(boolean gz) throws IOException {
        byte[] raw = idx(0x0803, new int[] {2, 3, 3}, new byte[10]);
        Path file = Files.write(dir.resolve("t"), gz ? gzip(raw) : raw);
        assertThatThrownBy(() -> IdxFile.read(file, 3))
                .isInstanceOf(BadInputException.class)
                .hasMessage(file + ": truncated: header claims 18 bytes, file holds 10");
    }

    @Test
    void truncatedHeaderIsNamed() throws IOException {
        Path file = Files.write(dir.resolve("h"), Arrays.copyOf(idx(0x0803, new int[] {1, 1, 1}, new byte[0]), 9));
        assertThatThrownBy(() -> IdxFile.read(file, 3)).hasMessageContaining("truncated header");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void billionImageHeaderFailsFastWithoutAllocating(boolean gz) throws IOException {
        byte[] raw = idx(0x0803, new int[] {1_000_000_000, 1, 1}, new byte[100]);
        Path file = Files.write(dir.resolve("huge"), gz ? gzip(raw) : raw);
        assertThatThrownBy(() -> IdxFile.read(file, 3))
                .isInstanceOf(BadInputException.class)
                .hasMessage(file + ": truncated: header claims 1000000000 bytes, file holds 100");
    }

    @Test
    void headerBeyondTwoGigabytesIsRejected() throws IOException {
        byte[] raw = idx(0x0803, new int[] {1_000_000_000, 28, 28}, new byte[100]);
        Path file = Files.write(dir.resolve("huge"), gzip(raw));
        assertThatThrownBy(() -> IdxFile.read(file, 3))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("header claims dimensions [1000000000, 28]");
    }

    @Test
    void trailingDataIsRejected() throws IOException {
        Path file = Files.write(dir.resolve("tr"), idx(0x0801, new int[] {2}, new byte[3]));
        assertThatThrownBy(() -> IdxFile.read(file, 1))
                .hasMessage(file + ": trailing data: header claims 2 bytes, file holds 3");
    }

    @Test
    void corruptGzipKeepsItsCause() throws IOException {
        byte[] good = gzip(idx(0x0801, new int[] {64}, ramp(64)));
        byte[] bad = Arrays.copyOf(good, good.length);
        Arrays.fill(bad, 10, bad.length, (byte) 0xff); // valid gzip header, garbage after it
        Path file = Files.write(dir.resolve("c.gz"), bad);
        assertThatThrownBy(() -> IdxFile.read(file, 1))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file + ": corrupt gzip data")
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void missingFileIsNamed() {
        Path file = dir.resolve("nope");
        assertThatThrownBy(() -> IdxFile.read(file, 1))
                .isInstanceOf(BadInputException.class)
                .hasMessage(file + ": no such file");
    }
}

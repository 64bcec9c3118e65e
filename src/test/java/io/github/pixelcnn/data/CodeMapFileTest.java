package io.github.pixelcnn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pixelcnn.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code-map file: a round trip, its size, and one-line refusals of what is not one. */
class CodeMapFileTest {
    private static CodeMapFile small(int k) {
        return new CodeMapFile(k, 2, 3, "vq/checkpoint.ckpt", List.of("a", "b"),
                new CodeMapFile.Split(2, new int[] {0, 1, 2, 3, 4, k - 1, 5, 4, 3, 2, 1, 0}, new int[] {0, 1}),
                new CodeMapFile.Split(1, new int[] {1, 1, 1, 2, 2, 2}, new int[] {1}));
    }

    @Test
    void roundTripKeepsEveryCodeLabelAndName(@TempDir Path dir) throws Exception {
        for (int k : new int[] {6, 300}) {
            Path file = dir.resolve("c" + k + ".codes");
            small(k).write(file);
            CodeMapFile back = CodeMapFile.read(file);
            assertThat(back.codes()).isEqualTo(k);
            assertThat(back.height()).isEqualTo(2);
            assertThat(back.width()).isEqualTo(3);
            assertThat(back.source()).isEqualTo("vq/checkpoint.ckpt");
            assertThat(back.classNames()).containsExactly("a", "b");
            assertThat(back.train().maps()).containsExactly(small(k).train().maps());
            assertThat(back.test().labels()).containsExactly(1);
        }
        // 18 codes of one byte each for K <= 256, two above.
        assertThat(Files.size(dir.resolve("c300.codes")) - Files.size(dir.resolve("c6.codes"))).isEqualTo(18);
    }

    @Test
    void readsAsADatasetOfKLevels(@TempDir Path dir) {
        Path file = dir.resolve("s.codes");
        small(6).write(file);
        ImageDataset test = DataSource.parse("codes:" + file).load(Split.TEST);
        assertThat(test.levels()).isEqualTo(6);
        assertThat(test.size()).isEqualTo(1);
        assertThat(test.height()).isEqualTo(2);
        assertThat(test.width()).isEqualTo(3);
        assertThat(test.label(0)).isEqualTo(1);
        assertThatThrownBy(() -> CodeMapFile.read(dir.resolve("s.codes")).dataset(file, Split.TRAIN).withLevels(5))
                .isInstanceOf(BadInputException.class).hasMessageContaining("value 5 is not below its 5 levels");
    }

    @Test
    void aCodeNotBelowKIsRefusedInOneLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.codes");
        small(6).write(file);
        byte[] bytes = Files.readAllBytes(file);
        // The header is 8 + 4 + 2 + 2 + 1 + (2 + 18) + 2 + (2 + 1) + (2 + 1) bytes, then the train count (4).
        int firstCode = 8 + 4 + 2 + 2 + 1 + 2 + "vq/checkpoint.ckpt".length() + 2 + 3 + 3 + 4;
        assertThat(bytes[firstCode]).isZero();
        bytes[firstCode] = 9;
        Files.write(file, bytes);
        assertThatThrownBy(() -> CodeMapFile.read(file)).isInstanceOf(BadInputException.class)
                .hasMessage(file + ": code 9 in train map 0 is not below K=6; the file is corrupt or not from this"
                        + " codebook");
    }

    @Test
    void otherFilesAreRefusedInOneLine(@TempDir Path dir) throws Exception {
        Path other = Files.writeString(dir.resolve("x.codes"), "PIXELCNN and more");
        assertThatThrownBy(() -> CodeMapFile.read(other)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("not a code-map file");
        Path file = dir.resolve("t.codes");
        small(6).write(file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        assertThatThrownBy(() -> CodeMapFile.read(file)).isInstanceOf(BadInputException.class)
                .hasMessage(file + ": code-map file is truncated");
        bytes[bytes.length - 12] ^= 1; // a test code: still below K, so only the checksum catches it
        Files.write(file, bytes);
        assertThatThrownBy(() -> CodeMapFile.read(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("checksum");
        assertThatThrownBy(() -> CodeMapFile.read(dir.resolve("missing.codes"))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("no such code-map file");
    }
}

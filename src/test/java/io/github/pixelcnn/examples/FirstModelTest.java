package io.github.pixelcnn.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pixelcnn.data.ImageDataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/java-api.md shows {@link FirstModel} whole, and it runs, here on generated images. */
class FirstModelTest {
    /** n labelled 8×8 gray images: class-dependent stripes with noise (labels 0..2). */
    private static ImageDataset stripes(String name, int n, long seed) {
        Random random = new Random(seed);
        byte[] pixels = new byte[n * 64];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            for (int p = 0; p < 64; p++) {
                boolean on = (p / 8 + p % 8 * labels[i]) % 3 == 0;
                pixels[i * 64 + p] = (byte) ((on ? 200 : 30) + random.nextInt(20));
            }
        }
        return ImageDataset.labeled(name, pixels, n, 1, 8, 8, labels, List.of("0", "1", "2"));
    }

    @Test
    void itRunsAndSaysHowTheRunEnded(@TempDir Path tmp) {
        String line = FirstModel.run(stripes("train", 48, 1), stripes("test", 16, 2), tmp.resolve("run"));
        assertThat(line).matches("COMPLETED at step 8: test bits/dim \\d\\.\\d{3} on 16 images; drew 3 images");
        assertThat(tmp.resolve("run").resolve("checkpoint.ckpt")).exists();
    }

    @Test
    void theJavaPageShowsTheWholeFile() throws IOException {
        String page = Files.readString(Path.of("docs/java-api.md"), StandardCharsets.UTF_8);
        String source = Files.readString(Path.of("src/test/java/io/github/pixelcnn/examples/FirstModel.java"),
                StandardCharsets.UTF_8);
        assertThat(page).contains("```java\n" + source + "```\n");
    }
}

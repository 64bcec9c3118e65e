package io.github.pixelcnn.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/java-api.md shows {@link FirstModel} whole, and it runs, here on generated images. */
class FirstModelTest {
    @Test
    void itRunsAndSaysHowTheRunEnded(@TempDir Path tmp) {
        String line = FirstModel.run(Stripes.of("train", 48, 1), Stripes.of("test", 16, 2), tmp.resolve("run"));
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

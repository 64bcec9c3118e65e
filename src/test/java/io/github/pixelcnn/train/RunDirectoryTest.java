package io.github.pixelcnn.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

    @Test
    void resumingRemovesWhatAKilledRunLeftMidWriteAndNothingElse(@TempDir Path dir) throws Exception {
        List<String> stale = List.of(
                ".checkpoint.ckpt123.tmp",
                ".samples-epoch-000.png28175933312362044.tmp",
                ".metrics.csv9.tmp",
                ".curve.png77.tmp",
                ".config.json5.tmp");
        List<String> kept = List.of("checkpoint.ckpt", "notes.tmp", ".my-own.tmp", "samples-epoch-000.png");
        for (String name : Stream.concat(stale.stream(), kept.stream()).toList()) {
            Files.writeString(dir.resolve(name), "x");
        }
        RunDirectory.create(dir, "{}");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrderElementsOf(kept);
        }
    }
}

package io.github.pixelcnn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pixelcnn.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job's files appear together or not at all; folders are made and unmade; permissions follow the umask. */
class OutputFilesTest {
    @TempDir Path dir;

    private static void text(Path p, String s) {
        AtomicFile.write(p, o -> o.write(s.getBytes(StandardCharsets.UTF_8)));
    }

    private long entries(Path d) throws IOException {
        try (Stream<Path> s = Files.walk(d)) {
            return s.count() - 1;
        }
    }

    @Test
    void committedFilesAppearTogetherInFoldersMadeForThem() throws IOException {
        Path a = dir.resolve("x/y/a.txt");
        Path b = dir.resolve("b.txt");
        try (OutputFiles outputs = new OutputFiles()) {
            Path stagedA = outputs.stage(a);
            Path stagedB = outputs.stage(b);
            assertThat(stagedA.getFileName()).isEqualTo(a.getFileName()); // writers see the real name
            text(stagedA, "A");
            text(stagedB, "B");
            assertThat(a).doesNotExist();
            assertThat(b).doesNotExist();
            outputs.commit();
        }
        assertThat(Files.readString(a)).isEqualTo("A");
        assertThat(Files.readString(b)).isEqualTo("B");
        assertThat(entries(dir)).as("no staging folder left").isEqualTo(4); // x, x/y, x/y/a.txt, b.txt
    }

    @Test
    void anUncommittedJobLeavesNothingNotEvenItsFolders() throws IOException {
        Files.writeString(dir.resolve("old.txt"), "old");
        try (OutputFiles outputs = new OutputFiles()) {
            text(outputs.stage(dir.resolve("p/q/new.txt")), "new");
            text(outputs.stage(dir.resolve("old.txt")), "replacement");
        }
        assertThat(entries(dir)).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("old.txt"))).isEqualTo("old");
    }

    @Test
    void aFolderOrAFileInTheWayIsRefusedWithThePathAndTheReason() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("folder"));
        Path file = Files.writeString(dir.resolve("file"), "x");
        try (OutputFiles outputs = new OutputFiles()) {
            assertThatThrownBy(() -> outputs.stage(folder)).isInstanceOf(BadInputException.class)
                    .hasMessage("cannot create " + folder + ": it is a directory");
            assertThatThrownBy(() -> outputs.stage(file.resolve("under-a-file.png")))
                    .isInstanceOf(BadInputException.class).hasMessageContaining(file.toString())
                    .hasMessageContaining("not a directory");
        }
    }

    @Test
    void aFailedWriteOfAStagedFileCanBeToldByItsTarget() {
        Path target = dir.resolve("x.png");
        try (OutputFiles outputs = new OutputFiles()) {
            Path staged = outputs.stage(target);
            assertThat(staged).isNotEqualTo(target);
            assertThat(OutputFiles.targetPaths("cannot write " + staged + ": no space left on device"))
                    .isEqualTo("cannot write " + target + ": no space left on device");
        }
    }

    @Test
    void atomicWritesFollowTheUmaskAndNameTheReason() throws IOException {
        Path written = dir.resolve("new/written.txt");
        text(written, "x");
        Path plain = Files.createFile(dir.resolve("plain"));
        assertThat(Files.getPosixFilePermissions(written)).isEqualTo(Files.getPosixFilePermissions(plain));

        Path blocker = Files.writeString(dir.resolve("blocker"), "x");
        assertThatThrownBy(() -> text(blocker.resolve("child.txt"), "y")).isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("cannot create " + blocker);
    }
}

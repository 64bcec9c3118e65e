package io.github.pixelcnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pixelcnn.cli.CommandLineTest.Result;
import io.github.pixelcnn.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults during a run: an unusable run directory, a checkpoint write that fails mid-file (disk
 * full), and a diverging run. Each ends with one clear line, the right exit code and the previous
 * checkpoint intact.
 */
class FaultTest {
    @TempDir static Path dir;
    static Path data;

    @BeforeAll
    static void makeDataset() {
        data = TinyIdx.write(dir.resolve("data"), 48, 16);
    }

    private static String[] train(Path run, String... extra) {
        return CommandLineTest.trainArgsOn("mnist:" + data, run, extra);
    }

    @Test
    void runDirectoryInsideAFileIsExit2() throws IOException {
        Path file = dir.resolve("plain-file");
        Files.writeString(file, "x");
        for (Path out : List.of(file, file.resolve("run"))) {
            Result r = CommandLineTest.run(train(out, "--steps", "1"));
            assertThat(r.code()).as(r.err()).isEqualTo(Main.BAD_INPUT);
            assertThat(r.err().strip()).contains(out.toString()).contains("run directory").doesNotContain("\tat ");
            assertThat(r.err().strip().lines().count()).isEqualTo(1);
            System.out.println(r.err().strip());
        }
        assertThat(file).hasContent("x");
    }

    /**
     * Disk full, honestly: the resumed run gets a 40 KiB file-size limit ({@code ulimit -f}), so
     * writing the 90 KiB checkpoint fails part-way with EFBIG, as a full disk fails with ENOSPC.
     * (Tests run as root, which chmod cannot stop.)
     */
    @Test
    void failedCheckpointWriteIsExit1AndKeepsThePreviousOne() throws Exception {
        Path run = dir.resolve("full");
        Result first = CommandLineTest.run(train(run, "--steps", "2"));
        assertThat(first.code()).as(first.err()).isZero();
        Path ckpt = run.resolve("checkpoint.ckpt");
        byte[] before = Files.readAllBytes(ckpt);
        assertThat(before.length).isGreaterThan(40 * 1024);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "ulimit -f 40 && exec \"$@\"", "bash", java,
                "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(train(run, "--steps", "4", "--resume")));
        Path log = dir.resolve("full.err");
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(log).strip();
        String last = err.substring(err.lastIndexOf('\n') + 1);
        System.out.println(last);
        assertThat(p.exitValue()).as(err).isEqualTo(Main.FAILURE);
        assertThat(last).startsWith("pixelcnn: ").contains(ckpt.toString()).contains("intact");
        assertThat(err).doesNotContain("\tat ");
        assertThat(ckpt).hasBinaryContent(before);
        assertThat(Checkpoint.read(ckpt).state().step()).isEqualTo(2);
        try (Stream<Path> files = Files.list(run)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    /** A learning rate of 1e30 really diverges (no injected NaN): the run stops, names the step and the cure. */
    @Test
    void divergenceIsExit1NamesTheStepAndKeepsTheCheckpoint() throws IOException {
        Path run = dir.resolve("diverge");
        // 20 steps an epoch: it diverges before any epoch-end checkpoint could be written.
        Path big = TinyIdx.write(dir.resolve("data320"), 320, 16);
        Result first = CommandLineTest.run(CommandLineTest.trainArgsOn("mnist:" + big, run, "--steps", "2"));
        assertThat(first.code()).as(first.err()).isZero();
        Path ckpt = run.resolve("checkpoint.ckpt");
        byte[] before = Files.readAllBytes(ckpt);

        List<String> args = new ArrayList<>(List.of(
                CommandLineTest.trainArgsOn("mnist:" + big, run, "--steps", "15", "--resume")));
        args.set(args.indexOf("--lr") + 1, "1e30");
        Result r = CommandLineTest.run(args.toArray(String[]::new));
        String last = r.err().strip().substring(r.err().strip().lastIndexOf('\n') + 1);
        System.out.println(last);
        assertThat(r.code()).as(r.err()).isEqualTo(Main.FAILURE);
        assertThat(last).matches("pixelcnn: training diverged at step \\d+: .*")
                .contains("--lr").contains("--clip-grad").contains("checkpoint");
        assertThat(r.err()).contains("skipped").doesNotContain("\tat ");
        assertThat(ckpt).hasBinaryContent(before);
    }
}

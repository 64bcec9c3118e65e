package io.github.pixelcnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (what Ctrl-C's SIGINT also does) during {@code sample} and {@code eval}, the demo's last
 * two steps: one line names what was interrupted, and the exit code stays the signal's.
 *
 * <p>No timing guess decides when the signal is sent: the model is read from a named pipe, and
 * the test's open of its writing end returns only once the command has opened it to read, by
 * which time the command's hook is installed; the command then waits for the checkpoint's bytes.
 */
class InterruptionTest {
    @TempDir Path dir;

    @Test
    void sampleNamesWhatWasInterrupted() throws Exception {
        Path out = dir.resolve("grid.png");
        String last = interrupted("sample", "--n", "4", "--out", out.toString());
        assertThat(last).isEqualTo("interrupted: sample with --checkpoint " + dir.resolve("model.ckpt")
                + ", before its images were written; nothing written to " + out);
        assertThat(out).doesNotExist();
    }

    @Test
    void evalNamesWhatWasInterrupted() throws Exception {
        String last = interrupted("eval", "--dataset", "mnist:" + dir);
        assertThat(last).isEqualTo("interrupted: eval of --checkpoint " + dir.resolve("model.ckpt") + " on mnist:"
                + dir + " (test split) before its figure");
    }

    /** Runs {@code command} in another JVM on a model it cannot finish reading, stops it, and returns its last line. */
    private String interrupted(String command, String... args) throws Exception {
        Path pipe = dir.resolve("model.ckpt");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=error", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), command, "--checkpoint", pipe.toString()));
        cmd.addAll(List.of(args));
        Path err = dir.resolve(command + ".err");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<OutputStream> writer = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.newOutputStream(pipe); // blocks until the command opens the pipe
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            try (OutputStream w = writer.get(120, TimeUnit.SECONDS)) {
                p.destroy(); // SIGTERM
                assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            }
        } catch (TimeoutException e) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            Files.newInputStream(pipe).close(); // releases the writer's open
            throw new AssertionError("the command never opened its model: " + Files.readString(err), e);
        }
        String text = Files.readString(err).strip();
        assertThat(p.exitValue()).as(text).isEqualTo(143);
        System.out.println(text);
        return text.substring(text.lastIndexOf('\n') + 1);
    }
}

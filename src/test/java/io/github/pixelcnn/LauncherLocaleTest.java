package io.github.pixelcnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A path with non-ASCII characters works when the user's locale is C: the launcher's locale
 * block (between {@code # locale-begin} and {@code # locale-end}) switches to a UTF-8 locale
 * before starting the JVM, which decodes arguments and file names with the locale's charset.
 */
class LauncherLocaleTest {
    @TempDir Path dir;

    private record Run(int code, String err) {}

    private Run eval(boolean withLauncherBlock, Path runDir) throws IOException, InterruptedException {
        String block = withLauncherBlock ? "eval \"$(sed -n '/^# locale-begin/,/^# locale-end/p' pixelcnn)\"; " : "";
        ProcessBuilder pb = new ProcessBuilder("bash", "-c",
                block + "exec java -cp \"$CP\" io.github.pixelcnn.cli.Main eval --run \"$RUN\" --dataset mnist:nowhere");
        pb.environment().put("LC_ALL", "C");
        pb.environment().remove("LANG");
        pb.environment().put("CP", System.getProperty("java.class.path"));
        pb.environment().put("RUN", runDir.toString());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), err);
    }

    @Test
    void aNonAsciiPathIsReadUnderTheCLocale() throws Exception {
        Process locales = new ProcessBuilder("locale", "-a").start();
        String available = new String(locales.getInputStream().readAllBytes(), StandardCharsets.UTF_8).toLowerCase();
        assumeTrue(available.contains("c.utf8") || available.contains("c.utf-8"), "no C.UTF-8 locale here");
        Path runDir = Files.createDirectories(dir.resolve("runs-dé-ü"));

        Run launched = eval(true, runDir);
        assertThat(launched.code()).as(launched.err()).isEqualTo(2);
        assertThat(launched.err()).contains(runDir.resolve("checkpoint.ckpt") + ": no checkpoint there");

        // Without the block the JVM cannot even hold the path: the test would catch its removal.
        Run bare = eval(false, runDir);
        assertThat(bare.err()).doesNotContain(runDir.toString());
    }
}

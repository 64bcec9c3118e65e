package io.github.pixelcnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pixelcnn.cli.CommandLineTest.Result;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pixelcnn serve}: prints its address, serves the run's test split, refuses bad flags, stops on Ctrl-C with 130. */
class ServeCommandTest {
    @TempDir static Path tmp;
    static Path run;

    @BeforeAll
    static void train() {
        CommandLineTest.dir = tmp;
        CommandLineTest.makeDataset();
        run = tmp.resolve("run");
        Result r = CommandLineTest.run(CommandLineTest.trainArgs(run, "--steps", "1"));
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void badFlagsAreOneLineAndExit2() {
        Result port = CommandLineTest.run("serve", "--run", run.toString(), "--port", "70000");
        assertThat(port.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(port.err().strip()).isEqualTo("pixelcnn: --port must be in 0..65535, got 70000");
        Result missing = CommandLineTest.run("serve", "--run", tmp.resolve("nothing").toString(), "--port", "0");
        assertThat(missing.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(missing.err().strip().lines()).hasSize(1);
        Result host = CommandLineTest.run("serve", "--run", run.toString(), "--host", "no.such.host.invalid");
        assertThat(host.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(host.err().strip()).isEqualTo("pixelcnn: --host no.such.host.invalid: unknown host");
    }

    @Test
    void servesTheRunAndStopsCleanlyOnCtrlC() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=error", "-Djava.io.tmpdir=" + tmp,
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--run", run.toString(), "--port", "0", "--host", "0.0.0.0"));
        Path err = tmp.resolve("serve.err");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as(Files.readString(err)).startsWith("serving gated model at http://127.0.0.1:");
            URI local = URI.create(line.substring(line.indexOf("http://"), line.indexOf(" (Ctrl-C"))).resolve("/api/images");
            HttpResponse<String> images = HttpClient.newHttpClient().send(HttpRequest.newBuilder(local).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(images.statusCode()).isEqualTo(200);
            assertThat(images.body()).as("the run's test split, found from its config.json").contains("\"labels\":[0,1,2");
            assertThat(Files.readString(err).strip()).as("one warning for a non-loopback host")
                    .startsWith("pixelcnn: warning: listening on 0.0.0.0").doesNotContain("\n");
            assertThat(uploadFolders()).hasSize(1);

            // A test run started in the background from a script (nohup mvn test &) ignores SIGINT, and
            // the server inherits that: the JVM then never sees Ctrl-C. SIGTERM takes the same path.
            boolean interrupt = !sigintIgnored();
            new ProcessBuilder("kill", interrupt ? "-INT" : "-TERM", Long.toString(p.pid())).start().waitFor();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stopped after the signal").isTrue();
            assertThat(p.exitValue()).isEqualTo(interrupt ? 130 : 143);
            assertThat(uploadFolders()).as("the upload folder is removed").isEmpty();
        } finally {
            p.destroyForcibly();
        }
    }

    /** Whether this process ignores SIGINT (signal 2: bit 1 of /proc/self/status's SigIgn mask). */
    private static boolean sigintIgnored() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 0b10) != 0;
            }
        }
        return false;
    }

    private static List<Path> uploadFolders() throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(f -> f.getFileName().toString().startsWith("pixelcnn-serve-")).toList();
        }
    }
}

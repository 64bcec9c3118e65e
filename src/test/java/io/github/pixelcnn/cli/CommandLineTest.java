package io.github.pixelcnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.pixelcnn.data.IdxFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands end to end on a tiny generated IDX dataset: train → eval → sample → resume, and failures. */
class CommandLineTest {
    @TempDir static Path dir;
    static Path data;

    @BeforeAll
    static void makeDataset() {
        data = dir.resolve("mnist");
        writeSplit("train", 48, 1);
        writeSplit("t10k", 16, 2);
    }

    private static void writeSplit(String prefix, int n, long seed) {
        Random random = new Random(seed);
        byte[] images = new byte[n * 8 * 8];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 3);
            for (int p = 0; p < 64; p++) {
                // Class-dependent stripes plus noise: learnable structure.
                boolean on = (p / 8 + p % 8 * labels[i]) % 3 == 0;
                images[i * 64 + p] = (byte) ((on ? 200 : 30) + random.nextInt(20));
            }
        }
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
        IdxFile.write(data.resolve(prefix + "-images-idx3-ubyte.gz"), new int[] {n, 8, 8}, images, true);
        IdxFile.write(data.resolve(prefix + "-labels-idx1-ubyte"), new int[] {n}, labels, false);
    }

    /** Runs the CLI, capturing stdout and stderr. */
    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static String[] trainArgs(Path run, String... extra) {
        return trainArgsOn("mnist:" + data, run, extra);
    }

    static String[] trainArgsOn(String dataset, Path run, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--dataset", dataset, "--layers", "2",
                "--channels", "8", "--head", "16", "--batch", "16", "--lr", "0.01", "--seed", "3",
                "--out", run.toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void trainEvalSampleResume() throws IOException {
        Path run = dir.resolve("run");
        Result train = run(trainArgs(run, "--steps", "4"));
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(run.resolve("checkpoint.ckpt")).exists();
        assertThat(run.resolve("config.json")).content().contains("\"GATED\"").contains("\"CLASS\"");
        assertThat(run.resolve("metrics.csv")).exists();
        assertThat(run.resolve("samples-epoch-000.png")).exists(); // 48 / 16 = 3 steps per epoch

        Result eval = run("eval", "--run", run.toString(), "--dataset", "mnist:" + data, "--json");
        assertThat(eval.code()).as(eval.err()).isZero();
        JsonObject evaluated = JsonParser.parseString(eval.out().strip()).getAsJsonObject();
        assertThat(evaluated.get("images").getAsInt()).isEqualTo(16);
        assertThat(evaluated.get("bits_per_dim").getAsDouble()).isPositive();
        assertThat(evaluated.get("marginal").getAsBoolean()).isFalse();

        Path grid = dir.resolve("grid.png");
        Path raw = dir.resolve("raw.idx");
        Result sample = run("sample", "--run", run.toString(), "--classes", "all", "--n", "2", "--seed", "5",
                "--out", grid.toString(), "--raw", raw.toString());
        assertThat(sample.code()).as(sample.err()).isZero();
        assertThat(grid).exists();
        byte[] first = Files.readAllBytes(raw);
        run("sample", "--run", run.toString(), "--classes", "all", "--n", "2", "--seed", "5",
                "--out", grid.toString(), "--raw", raw.toString());
        assertThat(Files.readAllBytes(raw)).as("same seed, same images").isEqualTo(first);

        Result resumed = run(trainArgs(run, "--steps", "7", "--resume"));
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("resuming");
        List<Long> steps = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.csv"))) {
            String[] f = line.split(",", -1);
            if (!line.startsWith("step") && !f[2].isEmpty()) { // train rows; test rows stand apart
                steps.add(Long.parseLong(f[0]));
            }
        }
        assertThat(steps).isSorted().doesNotHaveDuplicates().isNotEmpty();
    }

    @Test
    void missingDatasetIsBadInput() {
        Result r = run(trainArgsOn("mnist:" + dir.resolve("absent"), dir.resolve("nope"), "--steps", "1"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).contains("absent").doesNotContain("\tat ");
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
    }

    @Test
    void badFlagIsBadUsage() {
        Result r = run(trainArgs(dir.resolve("flag"), "--steps", "1", "--no-such-flag"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--no-such-flag");
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
    }

    @Test
    void corruptFileIsBadInputAndLeavesNothing() throws IOException {
        Path bad = dir.resolve("bad");
        Files.createDirectories(bad);
        Files.copy(data.resolve("train-labels-idx1-ubyte"), bad.resolve("train-labels-idx1-ubyte"));
        Files.copy(data.resolve("t10k-labels-idx1-ubyte"), bad.resolve("t10k-labels-idx1-ubyte"));
        Files.copy(data.resolve("t10k-images-idx3-ubyte.gz"), bad.resolve("t10k-images-idx3-ubyte.gz"));
        Files.write(bad.resolve("train-images-idx3-ubyte"), new byte[] {0, 0, 8, 3, 0, 0, 0, 48, 0, 0, 0, 8});
        Path run = dir.resolve("badrun");
        Result r = run(trainArgsOn("mnist:" + bad, run, "--steps", "1"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("train-images-idx3-ubyte");
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
        if (Files.exists(run)) {
            try (Stream<Path> files = Files.list(run)) {
                assertThat(files).isEmpty();
            }
        }
    }

    @Test
    void sampleWithoutRunIsBadInputAndWritesNoFile() {
        Path out = dir.resolve("never.png");
        Result r = run("sample", "--run", dir.resolve("no-run").toString(), "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no checkpoint");
        assertThat(out).doesNotExist();
    }

    @Test
    void contradictoryFlagsAreBadInput() {
        Path run = dir.resolve("run2");
        Result train = run(trainArgs(run, "--steps", "1"));
        assertThat(train.code()).as(train.err()).isZero();
        Result r = run("sample", "--run", run.toString(), "--class", "1", "--classes", "all",
                "--out", dir.resolve("x.png").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("contradict");
    }
}

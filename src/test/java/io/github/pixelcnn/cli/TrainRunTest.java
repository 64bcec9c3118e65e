package io.github.pixelcnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.pixelcnn.cli.CommandLineTest.Result;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ModelType;
import io.github.pixelcnn.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} and its run directory: an existing run is neither replaced nor continued by
 * accident, a second writer is refused, a resume must match the run's model and data, and
 * config.json records each resumption.
 */
class TrainRunTest {
    @TempDir static Path dir;
    static Path data;

    @BeforeAll
    static void makeDataset() {
        data = TinyIdx.write(dir.resolve("data"), 48, 16); // 3 steps per epoch at batch 16
    }

    private static String[] train(Path run, String... extra) {
        return CommandLineTest.trainArgsOn("mnist:" + data, run, extra);
    }

    /** {@code args} with {@code flag}'s value set to {@code value}. */
    private static String[] with(String[] args, String flag, String value) {
        List<String> a = new ArrayList<>(List.of(args));
        a.set(a.indexOf(flag) + 1, value);
        return a.toArray(String[]::new);
    }

    private static Result trained(Path run, String... extra) {
        Result r = CommandLineTest.run(train(run, extra));
        assertThat(r.code()).as(r.err()).isZero();
        return r;
    }

    private static String oneLine(Result r) {
        assertThat(r.code()).as(r.err()).isEqualTo(Main.BAD_INPUT);
        String err = r.err().strip();
        assertThat(err.lines().count()).as(err).isEqualTo(1);
        assertThat(err).startsWith("pixelcnn: ").doesNotContain("\tat ");
        System.out.println(err);
        return err;
    }

    private static JsonObject config(Path run) throws IOException {
        return JsonParser.parseString(Files.readString(run.resolve("config.json"))).getAsJsonObject();
    }

    @Test
    void anExistingRunIsRefusedWithoutResumeAndReplacedWithOverwrite() throws IOException {
        Path run = dir.resolve("existing");
        trained(run, "--steps", "2");
        byte[] checkpoint = Files.readAllBytes(run.resolve("checkpoint.ckpt"));
        Path oldGrid = run.resolve("samples-epoch-007.png");
        Files.write(oldGrid, new byte[] {1});
        Path mine = run.resolve("notes.txt");
        Files.writeString(mine, "mine");

        assertThat(oneLine(CommandLineTest.run(train(run, "--steps", "2")))).contains(run.toString())
                .contains("at step 2").contains("resume").contains("overwrite");
        assertThat(run.resolve("checkpoint.ckpt")).hasBinaryContent(checkpoint);

        trained(run, "--steps", "1", "--overwrite");
        assertThat(Checkpoint.read(run.resolve("checkpoint.ckpt")).state().step()).isEqualTo(1);
        assertThat(oldGrid).as("the replaced run's files go").doesNotExist();
        assertThat(mine).as("other files stay").exists();
        assertThat(config(run).has("resumes")).isFalse();

        assertThat(oneLine(CommandLineTest.run(train(run, "--steps", "3", "--resume", "--overwrite"))))
                .contains("--resume").contains("--overwrite");
    }

    @Test
    void evalRecordsTheWholeTestSplitsFigureInTheRunsMetricsAndCurve() throws IOException {
        Path run = dir.resolve("recorded");
        trained(run, "--steps", "2");
        Result eval = CommandLineTest.run("eval", "--run", run.toString(), "--dataset", "mnist:" + data, "--record",
                "--json");
        assertThat(eval.code()).as(eval.err()).isZero();
        double bpd = com.google.gson.JsonParser.parseString(eval.out().strip()).getAsJsonObject().get("bits_per_dim")
                .getAsDouble();
        List<double[]> rows = io.github.pixelcnn.train.MetricsLog.read(run.resolve("metrics.csv"));
        double[] last = rows.get(rows.size() - 1);
        assertThat(last[0]).as("at the checkpoint's step").isEqualTo(2);
        assertThat(last[2]).as("test bits/dim, as metrics.csv rounds it").isCloseTo(bpd, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(run.resolve("curve.png")).exists();
        Result partial = CommandLineTest.run("eval", "--run", run.toString(), "--dataset", "mnist:" + data, "--record",
                "--limit", "3");
        assertThat(oneLine(partial)).isEqualTo("pixelcnn: --record writes a run's figure on its whole test split: give"
                + " --run, and no --split train or --limit");
    }

    @Test
    void flagsTheModelDoesNotUseAreAcceptedButNamed() {
        Result r = trained(dir.resolve("unused"), "--steps", "1", "--model", "gated", "--bottleneck", "32",
                "--map-channels", "8");
        assertThat(r.err()).contains("pixelcnn: note: --bottleneck applies to --model autoencoder only; ignored")
                .contains("pixelcnn: note: --map-channels sizes the spatial map of --form spatial or both, not global;"
                        + " ignored");
        Result quiet = trained(dir.resolve("used"), "--steps", "1", "--model", "autoencoder", "--bottleneck", "4",
                "--form", "spatial", "--map-channels", "4");
        assertThat(quiet.err()).doesNotContain("note:");
    }

    @Test
    void resumeRecordsEachSessionsSettingsInConfigJson() throws IOException {
        Path run = dir.resolve("resumes");
        trained(run, "--steps", "2");
        JsonObject first = config(run);
        assertThat(first.getAsJsonObject("training").get("maxSteps").getAsLong()).isEqualTo(2);
        assertThat(first.getAsJsonObject("training").has("sampleEachEpoch")).isFalse();
        assertThat(first.getAsJsonObject("data").get("images").getAsInt()).isEqualTo(48);

        Result r = CommandLineTest.run(with(train(run, "--steps", "4", "--resume"), "--lr", "0.005"));
        assertThat(r.code()).as(r.err()).isZero();
        trained(run, "--steps", "5", "--resume");
        JsonObject after = config(run);
        assertThat(after.getAsJsonObject("training").get("maxSteps").getAsLong()).isEqualTo(5);
        assertThat(after.getAsJsonObject("model")).isEqualTo(first.getAsJsonObject("model"));
        var resumes = after.getAsJsonArray("resumes");
        assertThat(resumes).hasSize(2);
        JsonObject one = resumes.get(0).getAsJsonObject();
        assertThat(one.get("step").getAsLong()).isEqualTo(2);
        assertThat(one.getAsJsonObject("training").get("maxSteps").getAsLong()).isEqualTo(4);
        assertThat(one.getAsJsonObject("training").get("learningRate").getAsFloat()).isEqualTo(0.005f);
        assertThat(resumes.get(1).getAsJsonObject().get("step").getAsLong()).isEqualTo(4);
    }

    @Test
    void resumeRefusesAContradictingModelAndNamesEachDifference() throws IOException {
        Path run = dir.resolve("contradict");
        trained(run, "--steps", "2");
        byte[] config = Files.readAllBytes(run.resolve("config.json"));
        String err = oneLine(CommandLineTest.run(with(train(run, "--steps", "4", "--resume",
                "--model", "pixelcnn", "--conditional", "none"), "--layers", "5")));
        assertThat(err).contains("layers: the run has 2, asked for 5")
                .contains("type: the run has " + ModelType.GATED + ", asked for " + ModelType.PIXELCNN)
                .contains("conditioning: the run has " + Conditioning.CLASS + ", asked for " + Conditioning.NONE)
                .doesNotContain("channels");
        assertThat(run.resolve("config.json")).hasBinaryContent(config);
        assertThat(Checkpoint.read(run.resolve("checkpoint.ckpt")).state().step()).isEqualTo(2);

        // The same model flags as the run's, or none at all, continue it.
        trained(run, "--steps", "3", "--resume", "--model", "gated");
    }

    @Test
    void resumeRefusesAnotherDataset() throws IOException {
        Path run = dir.resolve("otherdata");
        trained(run, "--steps", "2");
        Path other = TinyIdx.write(dir.resolve("other"), 64, 16); // same shape and classes, other images
        String err = oneLine(CommandLineTest.run(CommandLineTest.trainArgsOn("mnist:" + other, run,
                "--steps", "4", "--resume")));
        assertThat(err).contains("not the images the run was trained on").contains("48").contains("64");
        assertThat(config(run).has("resumes")).isFalse();
    }

    @Test
    void resumePastTheStopSaysSoAndChangesNothing() throws IOException {
        Path run = dir.resolve("past");
        trained(run, "--steps", "3");
        byte[] config = Files.readAllBytes(run.resolve("config.json"));
        byte[] metrics = Files.readAllBytes(run.resolve("metrics.csv"));
        String err = oneLine(CommandLineTest.run(train(run, "--steps", "2", "--resume")));
        assertThat(err).contains("at step 3").contains("already past its stop");
        assertThat(run.resolve("config.json")).hasBinaryContent(config);
        assertThat(run.resolve("metrics.csv")).hasBinaryContent(metrics);
    }

    @Test
    void aBatchLargerThanTheDataLeavesNoRunDirectory() {
        Path run = dir.resolve("bigbatch");
        String err = oneLine(CommandLineTest.run(with(train(run, "--steps", "2"), "--batch", "1000")));
        assertThat(err).contains("48 images").contains("1000");
        assertThat(run).doesNotExist();
    }

    @Test
    void divergenceBeforeTheFirstCheckpointDoesNotClaimOne() {
        Path run = dir.resolve("diverge-early");
        List<String> args = new ArrayList<>(List.of(train(run, "--steps", "20")));
        args.set(args.indexOf("--lr") + 1, "1e30");
        Path big = TinyIdx.write(dir.resolve("data320"), 320, 16); // 20 steps an epoch: no epoch-end checkpoint
        args.set(args.indexOf("--dataset") + 1, "mnist:" + big);
        Result r = CommandLineTest.run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isEqualTo(Main.FAILURE);
        String last = r.err().strip().substring(r.err().strip().lastIndexOf('\n') + 1);
        System.out.println(last);
        assertThat(last).contains("training diverged").contains("no checkpoint").doesNotContain("intact");
        assertThat(run.resolve("checkpoint.ckpt")).doesNotExist();
    }

    /** A second {@code train --out same} while the first runs (another JVM) is refused by the lock. */
    @Test
    void aSecondWriterIsRefusedWhileTheFirstRuns() throws Exception {
        Path run = dir.resolve("locked");
        Path big = TinyIdx.write(dir.resolve("data-lock"), 320, 16);
        Path log = dir.resolve("first.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=error", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(CommandLineTest.trainArgsOn("mnist:" + big, run, "--steps", "100000")));
        Process first = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(run.resolve("config.json")) && first.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(first.isAlive()).as(Files.exists(log) ? Files.readString(log) : "").isTrue();
            byte[] config = Files.readAllBytes(run.resolve("config.json"));
            for (String mode : List.of("--overwrite", "--resume")) {
                String err = oneLine(CommandLineTest.run(CommandLineTest.trainArgsOn("mnist:" + big, run,
                        "--steps", "2", mode)));
                assertThat(err).contains("another training run");
            }
            assertThat(run.resolve("config.json")).hasBinaryContent(config);
        } finally {
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** A run written before the builders (config.json with sampleEachEpoch, no data block) still resumes. */
    @Test
    void aRunWrittenBeforeTheBuildersResumes() throws IOException {
        Path run = dir.resolve("old");
        Files.createDirectories(run);
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/checkpoints/before-builders"))) {
            for (Path f : files.toList()) {
                Files.copy(f, run.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        assertThat(config(run).getAsJsonObject("training").has("sampleEachEpoch")).isTrue();
        Path old = TinyIdx.write(dir.resolve("old-data"), 32, 8); // as the resource was written
        Result r = CommandLineTest.run("train", "--dataset", "mnist:" + old, "--batch", "8", "--lr", "0.01",
                "--seed", "5", "--steps", "5", "--resume", "--out", run.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("at step 3");
        assertThat(Checkpoint.read(run.resolve("checkpoint.ckpt")).state().step()).isEqualTo(5);
        JsonObject config = config(run);
        assertThat(config.getAsJsonObject("model").get("layers").getAsInt()).isEqualTo(2);
        assertThat(config.getAsJsonArray("resumes").get(0).getAsJsonObject().get("step").getAsLong()).isEqualTo(3);
        assertThat(config.getAsJsonObject("data").get("images").getAsInt()).isEqualTo(32);
    }
}

package io.github.pixelcnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ood} end to end on tiny stripes: a background model trained with {@code --perturb}, an
 * evaluation where noise is separable, a calibrated threshold that then flags a folder, and refusals.
 */
class OodCommandTest {
    @TempDir static Path tmp;
    static Path run;
    static Path background;

    @BeforeAll
    static void train() {
        CommandLineTest.dir = tmp;
        CommandLineTest.makeDataset();
        run = tmp.resolve("fg");
        CommandLineTest.Result r = CommandLineTest.run(CommandLineTest.trainArgs(run, "--steps", "24"));
        assertThat(r.code()).as(r.err()).isZero();
        background = tmp.resolve("bg");
        r = CommandLineTest.run(CommandLineTest.trainArgs(background, "--steps", "6", "--conditional", "none",
                "--perturb", "0.2", "--weight-decay", "1e-4"));
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void evaluatesCalibratesAndFlags() throws IOException {
        assertThat(background.resolve("config.json")).content().contains("\"perturb\": 0.2")
                .contains("\"weightDecay\": 1.0E-4");
        Path out = tmp.resolve("ood");
        Path threshold = tmp.resolve("threshold.json");
        CommandLineTest.Result r = CommandLineTest.run("ood", "--run", run.toString(), "--background",
                background.toString(), "--reference", "mnist:" + CommandLineTest.data, "--synthetic", "noise,flip",
                "--out", out.toString(), "--calibrate", threshold.toString(), "--false-alarm", "0.25", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        String json = r.out().substring(0, r.out().indexOf("threshold:"));
        JsonObject sets = JsonParser.parseString(json).getAsJsonObject().getAsJsonObject("sets");
        JsonObject noise = sets.getAsJsonObject("noise").getAsJsonObject("scores");
        for (String score : List.of("bits_per_dim", "likelihood_ratio", "complexity_score")) {
            assertThat(noise.getAsJsonObject(score).get("auroc").getAsDouble()).as(score).isGreaterThan(0.99);
        }
        assertThat(sets.getAsJsonObject("flip").get("images").getAsInt()).isEqualTo(16);
        for (String f : List.of("scores.csv", "ood.md", "ood.json", "roc.png", "histogram.png")) {
            assertThat(out.resolve(f)).exists();
        }
        List<String> csv = Files.readAllLines(out.resolve("scores.csv"));
        assertThat(csv.get(0)).isEqualTo("set,in_distribution,index,bits_per_dim,background_bits_per_dim,"
                + "png_bits_per_dim,likelihood_ratio,complexity_score");
        assertThat(csv).hasSize(1 + 16 * 3);
        assertThat(r.out()).contains("threshold: flag when likelihood_ratio >");

        Path flags = tmp.resolve("flags.csv");
        CommandLineTest.Result f = CommandLineTest.run("ood", "--run", run.toString(), "--background",
                background.toString(), "--threshold", threshold.toString(), "--input",
                CommandLineTest.data.resolve("t10k-images-idx3-ubyte.gz").toString(), "--out", flags.toString());
        assertThat(f.code()).as(f.err()).isZero();
        List<String> rows = Files.readAllLines(flags);
        assertThat(rows).hasSize(17);
        assertThat(rows.get(1)).contains(",likelihood_ratio,");
        assertThat(f.out()).startsWith("flagged ");

        // The threshold belongs to its models: without the background it is refused in one line.
        CommandLineTest.Result missing = CommandLineTest.run("ood", "--run", run.toString(), "--threshold",
                threshold.toString(), "--input", CommandLineTest.data.resolve("t10k-images-idx3-ubyte.gz").toString(),
                "--out", tmp.resolve("never.csv").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().strip().lines().count()).isEqualTo(1);
        assertThat(missing.err()).contains("--background");
        assertThat(tmp.resolve("never.csv")).doesNotExist();
    }

    @Test
    void scoreWithABackgroundWritesTheRatioAndMapsIt() throws IOException {
        Path csv = tmp.resolve("ratio.csv");
        Path maps = tmp.resolve("ratio-maps");
        CommandLineTest.Result r = CommandLineTest.run("score", "--run", run.toString(), "--background",
                background.toString(), "--input", CommandLineTest.data.resolve("t10k-images-idx3-ubyte.gz").toString(),
                "--out", csv.toString(), "--heatmaps", maps.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("likelihood ratio per pixel");
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("index,label,bits_per_dim,background_bits_per_dim,likelihood_ratio");
        String[] row = lines.get(3).split(",");
        assertThat(Double.parseDouble(row[4])).isCloseTo(Double.parseDouble(row[2]) - Double.parseDouble(row[3]),
                org.assertj.core.data.Offset.offset(2e-6));
        assertThat(maps.resolve("heatmaps.png")).exists();
    }

    @Test
    void refusesEmptySetsAndUnknownSetsInOneLine() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        CommandLineTest.Result r = CommandLineTest.run("ood", "--run", run.toString(), "--reference",
                "mnist:" + CommandLineTest.data, "--candidates", "none=" + empty, "--out", tmp.resolve("o1").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
        assertThat(tmp.resolve("o1")).doesNotExist();
        CommandLineTest.Result bad = CommandLineTest.run("ood", "--run", run.toString(), "--reference",
                "mnist:" + CommandLineTest.data, "--synthetic", "noise,mnist", "--out", tmp.resolve("o2").toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("no synthetic set named 'mnist'");
        assertThat(bad.err().strip().lines().count()).isEqualTo(1);
    }

    @Test
    void resumingABackgroundRunWithoutItsPerturbationIsRefused() {
        CommandLineTest.Result r = CommandLineTest.run("train", "--dataset", "mnist:" + CommandLineTest.data,
                "--resume", "--steps", "8", "--out", background.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("perturb 0.2").contains("--perturb 0.2");
    }
}

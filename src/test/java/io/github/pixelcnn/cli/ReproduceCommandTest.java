package io.github.pixelcnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.pixelcnn.cli.CommandLineTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pixelcnn reproduce} end to end on tiny generated images, at budgets in steps: the same
 * steps, epochs and verdicts on any machine under any load.
 */
class ReproduceCommandTest {
    private static final List<String> MODELS = List.of("gated-none", "masked-none", "gated-class", "ae-m10-global",
            "ae-m10-spatial", "ae-m32-global", "ae-m32-spatial", "gated-none-seed43");

    @TempDir static Path tmp;
    static Path data;
    static Path out;
    static Result first;

    @BeforeAll
    static void reproduce() {
        data = TinyIdx.write(tmp.resolve("tiny"), 48, 16);
        out = tmp.resolve("repro");
        first = CommandLineTest.run(args(out, "4"));
    }

    private static String[] args(Path dir, String steps, String... extra) {
        List<String> a = new ArrayList<>(List.of("reproduce", "--dataset", "mnist:" + data, "--steps-per-model",
                steps, "--layers", "2", "--channels", "8", "--head", "16", "--map-channels", "4", "--batch", "8",
                "--out", dir.toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void writesTheTableTheJsonAndTheCurvesWithEveryRow() throws IOException {
        assertThat(first.code()).as(first.err()).isZero();
        String md = Files.readString(out.resolve("results.md"));
        for (String id : MODELS) {
            assertThat(out.resolve(id).resolve("result.json")).as(id).exists();
            assertThat(out.resolve(id).resolve("checkpoint.ckpt")).as(id).exists();
        }
        assertThat(md).contains("./pixelcnn reproduce --dataset mnist:")
                .contains("| a, b, c, noise | Gated PixelCNN | none, seed 42 | ")
                .contains("| a | masked PixelCNN | none | ")
                .contains("| b | Gated PixelCNN | class | ")
                .contains("| c | PixelCNN auto-encoder | code M=10, global | ")
                .contains("| c | PixelCNN auto-encoder | code M=32, spatial | ")
                .contains("| noise | Gated PixelCNN | none, seed 43 | ")
                .contains("Row a's parameter counts: masked PixelCNN")
                .contains("**Noise**: the unconditional Gated PixelCNN with seeds 42, 43");
        // One verdict line per comparison: a, b, and c for each of the four auto-encoders.
        assertThat(md.lines().filter(l -> l.matches("\\| [abc] \\| .*\\| (agrees|contradicts|not decided).*"))).hasSize(6);

        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("results.json"))).getAsJsonObject();
        JsonArray models = json.getAsJsonArray("models");
        assertThat(models).hasSize(MODELS.size());
        for (JsonElement m : models) {
            JsonObject o = m.getAsJsonObject();
            assertThat(MODELS).contains(o.get("id").getAsString());
            assertThat(o.get("testImages").getAsInt()).isEqualTo(16);
            assertThat(o.get("trainImages").getAsInt()).isEqualTo(48);
            assertThat(o.get("steps").getAsLong()).isEqualTo(4);
            assertThat(o.get("epochs").getAsDouble()).isEqualTo(4 * 8 / 48.0);
            assertThat(o.get("testBitsPerDim").getAsDouble()).isBetween(0.0, 12.0);
            assertThat(o.get("trainBitsPerDim").getAsDouble()).isBetween(0.0, 12.0);
        }
        JsonArray comparisons = json.getAsJsonArray("comparisons");
        assertThat(comparisons).hasSize(6);
        for (JsonElement c : comparisons) {
            // 4 steps are far too few for the paper's claims to show: no verdict, and it says why.
            assertThat(c.getAsJsonObject().get("verdict").getAsString())
                    .isEqualTo("not decided: 4 steps, fewer than the 200 a verdict needs");
        }
        assertThat(md).contains("Every model trained for 4 steps (optimizer steps,");
        var png = ImageIO.read(out.resolve("curves.png").toFile());
        assertThat(png).isNotNull();
        assertThat(png.getWidth()).isEqualTo(1000);
    }

    @Test
    void runAgainItNeitherTrainsNorEvaluatesAFinishedModel() throws IOException {
        assertThat(first.code()).as(first.err()).isZero();
        Path checkpoint = out.resolve("gated-class").resolve("checkpoint.ckpt");
        FileTime before = Files.getLastModifiedTime(checkpoint);
        Result again = CommandLineTest.run(args(out, "4"));
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out().lines().filter(l -> l.endsWith("(trained earlier)"))).hasSize(MODELS.size());
        assertThat(again.out()).doesNotContain("training for").doesNotContain("evaluating");
        assertThat(Files.getLastModifiedTime(checkpoint)).isEqualTo(before);
    }

    @Test
    void anInterruptedModelResumesForWhatIsLeftOfItsBudget() throws IOException {
        Path dir = tmp.resolve("interrupted");
        // A run cut short after 2 steps, as a crash would leave it.
        Result part = CommandLineTest.run("train", "--dataset", "mnist:" + data, "--layers", "2", "--channels", "8",
                "--head", "16", "--batch", "8", "--lr", "0.002", "--seed", "42", "--conditional", "class",
                "--steps", "2", "--out", dir.resolve("gated-class").toString());
        assertThat(part.code()).as(part.err()).isZero();
        Result r = CommandLineTest.run(args(dir, "5", "--rows", "b", "--noise-seeds", "1"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("gated-class: resuming at step 2 for 3 steps").contains("gated-none: training for 5 steps");
        JsonObject json = JsonParser.parseString(Files.readString(dir.resolve("results.json"))).getAsJsonObject();
        assertThat(json.getAsJsonArray("models")).hasSize(2);
        for (JsonElement m : json.getAsJsonArray("models")) {
            assertThat(m.getAsJsonObject().get("steps").getAsLong()).as("the resumed model too").isEqualTo(5);
        }
        assertThat(Files.readString(dir.resolve("results.md"))).contains("**Noise**: not measured");
    }

    @Test
    void anotherBudgetInTheSameFolderIsRefused() throws IOException {
        assertThat(first.code()).as(first.err()).isZero();
        String settings = Files.readString(out.resolve("reproduce.json"));
        Result r = CommandLineTest.run(args(out, "5"));
        assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains(out.toString()).contains("other settings (stepsPerModel: 4 there, 5 now)")
                .contains("another directory");
        assertThat(Files.readString(out.resolve("reproduce.json"))).isEqualTo(settings);
    }

    @Test
    void badRowsAreOneLineAndWriteNothing() {
        Path dir = tmp.resolve("bad-rows");
        Result r = CommandLineTest.run(args(dir, "4", "--rows", "a,x"));
        assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err().strip()).isEqualTo("pixelcnn: --rows must be letters among a, b, c separated by commas, got a,x");
        assertThat(dir).doesNotExist();
    }

    @Test
    void oneBudgetExactly() {
        Result both = CommandLineTest.run(args(tmp.resolve("both"), "4", "--minutes-per-model", "1"));
        assertThat(both.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(both.err()).contains("--steps-per-model").contains("--minutes-per-model").contains("mutually exclusive");
        assertThat(tmp.resolve("both")).doesNotExist();
    }

    /** The wall-clock budget, as the paper compares: nothing here depends on how many steps it allows. */
    @Test
    void rgbImagesGetColourDefaultsAndTheMaskedModelKeepsColourGroups() throws IOException {
        Path folder = TinyColourFolder.write(tmp.resolve("colour"), 3);
        Path dir = tmp.resolve("rgb");
        Result r = CommandLineTest.run("reproduce", "--dataset", "folder:" + folder, "--resize", "6",
                "--minutes-per-model", "0.01", "--rows", "a", "--noise-seeds", "1", "--layers", "1", "--batch", "4",
                "--train-eval-limit", "4", "--out", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("RGB images: defaults --channels 48, --head 144");
        JsonObject masked = JsonParser.parseString(Files.readString(dir.resolve("masked-none").resolve("config.json")))
                .getAsJsonObject().getAsJsonObject("model");
        assertThat(masked.get("imageChannels").getAsInt()).isEqualTo(3);
        assertThat(masked.get("height").getAsInt()).as("--resize").isEqualTo(6);
        assertThat(masked.get("channels").getAsInt() % 3).isZero();

        Result bad = CommandLineTest.run("reproduce", "--dataset", "folder:" + folder, "--resize", "6",
                "--minutes-per-model", "0.01", "--channels", "32", "--out", tmp.resolve("rgb-bad").toString());
        assertThat(bad.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(bad.err().strip()).isEqualTo("pixelcnn: --channels 32: RGB images need a multiple of 3, e.g. 48"
                + " (the RGB default)");
        assertThat(tmp.resolve("rgb-bad")).doesNotExist();
    }
}

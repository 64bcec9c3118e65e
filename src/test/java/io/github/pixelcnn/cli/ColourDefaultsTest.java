package io.github.pixelcnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.pixelcnn.cli.CommandLineTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} on RGB images: the model defaults adapt to colour (channels and head divisible by
 * 3) and the output says which; an explicit value that does not fit is one line; {@code --resize}
 * scales a folder of other-sized images.
 */
class ColourDefaultsTest {
    @TempDir static Path dir;
    static Path folder;

    @BeforeAll
    static void makeFolder() {
        folder = TinyColourFolder.write(dir.resolve("colour"), 5);
    }

    private static Result train(Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--dataset", "folder:" + folder, "--layers", "1",
                "--batch", "4", "--steps", "1", "--out", out.toString()));
        args.addAll(List.of(extra));
        return CommandLineTest.run(args.toArray(String[]::new));
    }

    private static JsonObject model(Path run) throws Exception {
        return JsonParser.parseString(Files.readString(run.resolve("config.json"))).getAsJsonObject()
                .getAsJsonObject("model");
    }

    @Test
    void rgbDataGetsColourDefaultsAndSaysSo() throws Exception {
        Path run = dir.resolve("defaults");
        Result r = train(run, "--resize", "8");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("defaults --channels 48, --head 384").contains("3x8x8");
        JsonObject m = model(run);
        assertThat(m.get("channels").getAsInt()).isEqualTo(ColourGroups.RGB_CHANNELS);
        assertThat(m.get("headChannels").getAsInt()).isEqualTo(ColourGroups.TRAIN_RGB_HEAD);
        assertThat(m.get("height").getAsInt()).isEqualTo(8);
        assertThat(m.get("imageChannels").getAsInt()).isEqualTo(3);
    }

    @Test
    void anExplicitChannelsKeepsTheHeadDefaultForColour() throws Exception {
        Path run = dir.resolve("explicit");
        Result r = train(run, "--channels", "24");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("defaults --head 384").doesNotContain("--channels 48");
        assertThat(model(run).get("channels").getAsInt()).isEqualTo(24);
        assertThat(model(run).get("headChannels").getAsInt()).isEqualTo(384);
    }

    @Test
    void explicitValuesThatDoNotSplitIntoColoursAreOneLine() {
        for (String[] bad : List.of(new String[] {"--channels", "64"}, new String[] {"--head", "512"})) {
            Path run = dir.resolve("bad" + bad[0]);
            Result r = train(run, bad);
            assertThat(r.code()).as(r.err()).isEqualTo(Main.BAD_INPUT);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).contains(bad[0] + " " + bad[1]).contains("multiple of 3");
            assertThat(run).doesNotExist();
        }
    }

    @Test
    void grayDataKeepsTheGrayDefaults() throws Exception {
        Path data = TinyIdx.write(dir.resolve("gray"), 16, 8);
        Path run = dir.resolve("gray-run");
        Result r = CommandLineTest.run("train", "--dataset", "mnist:" + data, "--layers", "1", "--batch", "4",
                "--steps", "1", "--out", run.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("defaults");
        assertThat(model(run).get("channels").getAsInt()).isEqualTo(64);
        assertThat(model(run).get("headChannels").getAsInt()).isEqualTo(512);
    }

    @Test
    void resizeIsForFoldersOnly() {
        Path data = TinyIdx.write(dir.resolve("idx"), 16, 8);
        Result r = CommandLineTest.run("train", "--dataset", "mnist:" + data, "--resize", "4", "--steps", "1",
                "--out", dir.resolve("resized-idx").toString());
        assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err().strip()).isEqualTo("pixelcnn: --resize applies to folder:DIR datasets only, not mnist:" + data);
    }
}

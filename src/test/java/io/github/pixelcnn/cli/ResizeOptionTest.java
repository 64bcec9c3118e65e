package io.github.pixelcnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.pixelcnn.cli.CommandLineTest.Result;
import io.github.pixelcnn.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --resize}: a run trained with {@code --resize 6} on 10×10 images remembers it, so eval,
 * score, complete and a resumed train scale alike without the flag (and say so); another size is
 * one line; the size may be left out where a model gives it.
 */
class ResizeOptionTest {
    @TempDir static Path tmp;
    static Path folder;
    static Path run;
    static Result trained;

    @BeforeAll
    static void trainOnResizedImages() {
        folder = TinyColourFolder.gray(tmp.resolve("gray"), 20, 10, 4);
        run = tmp.resolve("run");
        trained = CommandLineTest.run("train", "--dataset", "folder:" + folder, "--resize", "6", "--layers", "1",
                "--channels", "8", "--head", "16", "--conditional", "none", "--batch", "4", "--steps", "2",
                "--out", run.toString());
    }

    private static JsonObject training() throws IOException {
        return JsonParser.parseString(Files.readString(run.resolve("config.json"))).getAsJsonObject()
                .getAsJsonObject("training");
    }

    @Test
    void theRunRecordsItsResize() throws IOException {
        assertThat(trained.code()).as(trained.err()).isZero();
        assertThat(training().get("resize").getAsInt()).isEqualTo(6);
        assertThat(Checkpoint.read(run.resolve("checkpoint.ckpt")).resize()).hasValue(6);
    }

    @Test
    void evalScalesAsTheRunDidAndSaysSo() {
        Result r = CommandLineTest.run("eval", "--run", run.toString(), "--dataset", "folder:" + folder);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("pixelcnn: note: --resize 6 from the run: images scaled to 6x6, as the run was"
                + " trained");
        assertThat(r.out()).contains("images: 2 (test split");
        for (String side : new String[] {"6", null}) {
            Result given = side == null
                    ? CommandLineTest.run("eval", "--run", run.toString(), "--dataset", "folder:" + folder, "--resize")
                    : CommandLineTest.run("eval", "--run", run.toString(), "--dataset", "folder:" + folder, "--resize", side);
            assertThat(given.code()).as(given.err()).isZero();
            assertThat(given.err()).doesNotContain("from the run");
            assertThat(given.out().lines().findFirst()).isEqualTo(r.out().lines().findFirst()); // the same bits/dim
        }
    }

    @Test
    void anotherSizeIsOneLine() {
        for (String side : new String[] {"8", "0"}) {
            Result r = CommandLineTest.run("eval", "--run", run.toString(), "--dataset", "folder:" + folder, "--resize",
                    side);
            assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
            assertThat(r.err().strip()).isEqualTo("pixelcnn: --resize " + side + ": the run was trained on images"
                    + " scaled to 6x6; give 6, or leave it out to scale as it did");
        }
    }

    @Test
    void scoreAndCompleteTakeImagesOfAnotherSizeWithoutTheFlag() {
        Path csv = tmp.resolve("scores.csv");
        Result score = CommandLineTest.run("score", "--run", run.toString(), "--input", folder.resolve("a").toString(),
                "--out", csv.toString());
        assertThat(score.code()).as(score.err()).isZero();
        assertThat(score.err()).contains("--resize 6 from the run");
        assertThat(csv).exists();
        // A size on complete, where it was a switch: the model's own, or refused.
        Path grid = tmp.resolve("completed.png");
        String image = folder.resolve("a/0.png").toString();
        Result complete = CommandLineTest.run("complete", "--run", run.toString(), "--input", image, "--resize", "6",
                "--per-input", "1", "--out", grid.toString());
        assertThat(complete.code()).as(complete.err()).isZero();
        assertThat(grid).exists();
        Result other = CommandLineTest.run("complete", "--run", run.toString(), "--input", image, "--resize", "7",
                "--out", tmp.resolve("other.png").toString());
        assertThat(other.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(other.err().strip()).startsWith("pixelcnn: --resize 7: the run was trained on images scaled to 6x6");
    }

    @Test
    void aResumedRunScalesAsItDidAndRefusesAnotherSize() throws IOException {
        Path copy = tmp.resolve("resumed");
        Files.createDirectories(copy);
        for (String f : new String[] {"checkpoint.ckpt", "config.json"}) {
            Files.copy(run.resolve(f), copy.resolve(f));
        }
        Result other = CommandLineTest.run("train", "--dataset", "folder:" + folder, "--resize", "8", "--batch", "4",
                "--steps", "3", "--resume", "--out", copy.toString());
        assertThat(other.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(other.err().strip()).startsWith("pixelcnn: --resize 8: the run was trained on images scaled to 6x6");
        Result r = CommandLineTest.run("train", "--dataset", "folder:" + folder, "--batch", "4", "--steps", "3",
                "--resume", "--out", copy.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("--resize 6 from the run");
        assertThat(Checkpoint.read(copy.resolve("checkpoint.ckpt")).state().step()).isEqualTo(3);
        assertThat(Checkpoint.read(copy.resolve("checkpoint.ckpt")).resize()).hasValue(6);
    }

    @Test
    void aNewRunNeedsASide() {
        Path out = tmp.resolve("bare");
        Result r = CommandLineTest.run("train", "--dataset", "folder:" + folder, "--resize", "--steps", "1",
                "--out", out.toString());
        assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err().strip()).isEqualTo("pixelcnn: --resize needs a SIDE here: there is no trained model whose"
                + " size it could take");
        assertThat(out).doesNotExist();
    }
}

package io.github.pixelcnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.pixelcnn.cli.CommandLineTest.Result;
import io.github.pixelcnn.pretrained.ModelsFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pixelcnn export} and {@code --pretrained NAME} on every command that reads a model. */
class ExportCommandTest {
    @TempDir static Path tmp;
    static Path data;
    static Path run;
    static Path models;
    static Result exported;

    @BeforeAll
    static void trainAndExport() {
        data = TinyIdx.write(tmp.resolve("tiny"), 48, 16);
        run = tmp.resolve("run");
        Result train = CommandLineTest.run("train", "--dataset", "mnist:" + data, "--layers", "2", "--channels", "8",
                "--head", "16", "--batch", "8", "--lr", "0.01", "--steps", "6", "--seed", "3", "--out", run.toString());
        assertThat(train.code()).as(train.err()).isZero();
        models = tmp.resolve("models");
        exported = CommandLineTest.run("export", "--run", run.toString(), "--name", "tiny-class", "--models-dir",
                models.toString(), "--dataset", "mnist:" + data);
    }

    @AfterEach
    void forgetTheFolder() {
        System.clearProperty(ModelsFolder.PROPERTY);
    }

    @Test
    void exportWritesParametersCardAndIndex() throws IOException {
        assertThat(exported.code()).as(exported.err()).isZero();
        assertThat(exported.out()).contains("tiny-class: Gated PixelCNN").contains("first 16:");
        assertThat(models.resolve("tiny-class.ckpt")).exists();
        JsonObject card = JsonParser.parseString(Files.readString(models.resolve("tiny-class.json"))).getAsJsonObject();
        // The run's precision is auto's choice on this CPU (bf16 where it has bf16 instructions), so read it back.
        String precision = JsonParser.parseString(Files.readString(run.resolve("config.json"))).getAsJsonObject()
                .getAsJsonObject("training").get("precision").getAsString();
        assertThat(card.get("command").getAsString()).isEqualTo("./pixelcnn train --dataset mnist:" + data
                + " --model gated --layers 2 --channels 8 --kernel 3 --head 16 --input-encoding embed --conditional class"
                + " --batch 8 --lr 0.01 --steps 6 --seed 3 --precision " + precision + " --init fan-in --out " + run);
        assertThat(card.get("testImages").getAsInt()).isEqualTo(16);
        assertThat(card.get("steps").getAsLong()).isEqualTo(6);
        assertThat(Files.readString(models.resolve("MODELS.md"))).contains("`tiny-class`").contains("--steps 6");
    }

    @Test
    void evalOfThePretrainedModelGivesTheCardsFigure() throws IOException {
        assertThat(exported.code()).as(exported.err()).isZero();
        System.setProperty(ModelsFolder.PROPERTY, models.toString());
        // The card's figure is measured in fp32; eval's default is bf16 on a CPU with bf16 instructions.
        Result eval = CommandLineTest.run("eval", "--pretrained", "tiny-class", "--dataset", "mnist:" + data, "--json",
                "--precision", "fp32");
        assertThat(eval.code()).as(eval.err()).isZero();
        double bpd = JsonParser.parseString(eval.out().strip()).getAsJsonObject().get("bits_per_dim").getAsDouble();
        JsonObject card = JsonParser.parseString(Files.readString(models.resolve("tiny-class.json"))).getAsJsonObject();
        assertThat(bpd).isCloseTo(card.get("testBitsPerDim").getAsDouble(), org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void sampleFromThePretrainedModel() {
        assertThat(exported.code()).as(exported.err()).isZero();
        System.setProperty(ModelsFolder.PROPERTY, models.toString());
        Path grid = tmp.resolve("grid.png");
        Result r = CommandLineTest.run("sample", "--pretrained", "tiny-class", "--classes", "all", "--n", "2",
                "--out", grid.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(grid).exists();
    }

    @Test
    void theFolderExportWroteLoadsWithModelsDirAndNoProperty() {
        assertThat(exported.code()).as(exported.err()).isZero();
        Path grid = tmp.resolve("grid-dir.png");
        Result r = CommandLineTest.run("sample", "--pretrained", "tiny-class", "--models-dir", models.toString(),
                "--class", "1", "--n", "2", "--out", grid.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(grid).exists();
        Result stray = CommandLineTest.run("sample", "--run", run.toString(), "--models-dir", models.toString(),
                "--class", "1", "--out", tmp.resolve("never.png").toString());
        assertThat(stray.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(stray.err().strip()).isEqualTo("pixelcnn: --models-dir applies to --pretrained only");
    }

    @Test
    void anUnknownNameIsOneLineListingTheModelsThere() {
        assertThat(exported.code()).as(exported.err()).isZero();
        System.setProperty(ModelsFolder.PROPERTY, models.toString());
        Result r = CommandLineTest.run("sample", "--pretrained", "nope", "--classes", "all", "--out",
                tmp.resolve("x.png").toString());
        assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err().strip()).isEqualTo("pixelcnn: --pretrained nope: no such model in " + models
                + "; available: tiny-class");
        assertThat(tmp.resolve("x.png")).doesNotExist();
    }

    @Test
    void pretrainedAndRunExcludeEachOther() {
        Result r = CommandLineTest.run("eval", "--pretrained", "tiny-class", "--run", run.toString(), "--dataset",
                "mnist:" + data);
        assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("mutually exclusive");
    }

    @Test
    void anotherDatasetThanTheRunsIsRefused() {
        Path other = TinyIdx.write(tmp.resolve("other"), 24, 8);
        Path elsewhere = tmp.resolve("refused-models");
        Result r = CommandLineTest.run("export", "--run", run.toString(), "--name", "x", "--models-dir",
                elsewhere.toString(), "--dataset", "mnist:" + other);
        assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("48 images").contains("24 images").contains("name the run's dataset");
        assertThat(elsewhere).doesNotExist();
    }

    @Test
    void aBadNameWritesNothing() {
        Path elsewhere = tmp.resolve("other-models");
        Result r = CommandLineTest.run("export", "--run", run.toString(), "--name", "Bad Name", "--models-dir",
                elsewhere.toString(), "--dataset", "mnist:" + data);
        assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err().strip()).startsWith("pixelcnn: --name must be lower-case letters");
        assertThat(elsewhere).doesNotExist();
    }

    @Test
    void aRunTrainedOnResizedImagesExportsWithTheSameResizeWithoutBeingTold() throws IOException {
        Path folder = TinyColourFolder.gray(tmp.resolve("gray"), 20, 10, 9);
        Path resized = tmp.resolve("resized-run");
        Result train = CommandLineTest.run("train", "--dataset", "folder:" + folder, "--resize", "6", "--layers", "1",
                "--channels", "8", "--head", "16", "--batch", "4", "--steps", "2", "--out", resized.toString());
        assertThat(train.code()).as(train.err()).isZero();
        Path dir = tmp.resolve("resized-models");

        Result other = CommandLineTest.run("export", "--run", resized.toString(), "--name", "small", "--models-dir",
                dir.toString(), "--dataset", "folder:" + folder, "--resize", "8");
        assertThat(other.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(other.err().strip()).isEqualTo("pixelcnn: --resize 8: the run was trained on images scaled to 6x6;"
                + " give 6, or leave it out to scale as it did");
        assertThat(dir).doesNotExist();

        // The run remembers its --resize: export needs it no more, and says it applied it.
        Result without = CommandLineTest.run("export", "--run", resized.toString(), "--name", "small", "--models-dir",
                dir.toString(), "--dataset", "folder:" + folder);
        assertThat(without.code()).as(without.err()).isZero();
        assertThat(without.err()).contains("pixelcnn: note: --resize 6 from the run: images scaled to 6x6, as the run"
                + " was trained");
        JsonObject card = JsonParser.parseString(Files.readString(dir.resolve("small.json"))).getAsJsonObject();
        assertThat(card.get("command").getAsString())
                .startsWith("./pixelcnn train --dataset folder:" + folder + " --resize 6 --model gated");
        assertThat(card.get("testImages").getAsInt()).isEqualTo(2);
    }

    @Test
    void aGivenCommandIsWrittenAsTypedInTheCardAndTheIndex() throws IOException {
        Path dir = tmp.resolve("typed-models");
        String command = "PIXELCNN_THREADS=1 ./pixelcnn train --out r && ./pixelcnn train --resume --out r # <2 h>";
        Result r = CommandLineTest.run("export", "--run", run.toString(), "--name", "typed", "--models-dir",
                dir.toString(), "--dataset", "mnist:" + data, "--command", command);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(dir.resolve("typed.json"))).contains(command);
        assertThat(Files.readString(dir.resolve("MODELS.md"))).contains(command);
    }
}

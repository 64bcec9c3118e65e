package io.github.pixelcnn.cli;

import static io.github.pixelcnn.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.pixelcnn.cli.CommandLineTest.Result;
import io.github.pixelcnn.data.CodeMapFile;
import io.github.pixelcnn.data.DataSource;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.Split;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VQ-VAE path from the command line on 8x8 images: train --model vqvae (and resume), encode
 * --codes, a prior on codes:FILE, sample and complete through --prior and --decoder, and the
 * one-line refusals of priors and decoders that do not fit.
 */
class VqCommandsTest {
    @TempDir static Path dir;
    static String dataset;
    static Path vq;
    static Path codes;
    static Path prior;

    private static void ok(Result r) {
        assertThat(r.code()).as(r.err()).isZero();
    }

    private static String[] vqTrain(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--model", "vqvae", "--dataset", dataset, "--hidden", "8",
                "--res-blocks", "1", "--code-dim", "3", "--batch", "8", "--seed", "3", "--out", out.toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @BeforeAll
    static void trainBoth() {
        dataset = "mnist:" + TinyIdx.write(dir.resolve("mnist"), 24, 9);
        vq = dir.resolve("vq");
        ok(run(vqTrain(vq, "--codebook", "4", "--steps", "2")));
        codes = dir.resolve("tiny.codes");
        ok(run("encode", "--codes", "--run", vq.toString(), "--dataset", dataset, "--out", codes.toString()));
        prior = dir.resolve("prior");
        ok(run("train", "--dataset", "codes:" + codes, "--layers", "2", "--channels", "8", "--head", "16", "--kernel",
                "3", "--batch", "8", "--steps", "2", "--seed", "3", "--out", prior.toString()));
    }

    @Test
    void vqvaeTrainsReportsPerplexityAndResumes() {
        Path out = dir.resolve("vq-resume");
        Result first = run(vqTrain(out, "--codebook", "4", "--steps", "2"));
        ok(first);
        assertThat(first.out()).contains("VQ-VAE with K=4 codes of D=3 on a 2x2 grid").contains("PSNR")
                .contains("perplexity");
        assertThat(out.resolve("metrics.csv")).content().startsWith("step,epoch,reconstruction_mse");
        Result again = run(vqTrain(out, "--codebook", "4", "--steps", "3"));
        assertThat(again.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(again.err().strip()).contains("holds a run already").doesNotContain("\n");
        Result layers = run(vqTrain(out, "--steps", "3", "--resume", "--layers", "4"));
        assertThat(layers.err().strip()).isEqualTo("pixelcnn: --layers does not apply to --model vqvae");
        Result codebook = run("train", "--dataset", dataset, "--codebook", "8", "--steps", "1", "--out",
                dir.resolve("gated").toString());
        assertThat(codebook.err().strip()).isEqualTo("pixelcnn: --codebook does not apply to a PixelCNN; it is an"
                + " option of --model vqvae");
        Result resumed = run("train", "--dataset", dataset, "--steps", "3", "--batch", "8", "--out", out.toString(),
                "--resume");
        ok(resumed);
        assertThat(resumed.out()).contains("resuming").contains("stopped at step 3");
    }

    @Test
    void theCodeFileHoldsBothSplitsAsADatasetOverKLevels() {
        CodeMapFile file = CodeMapFile.read(codes);
        assertThat(file.codes()).isEqualTo(4);
        assertThat(file.height()).isEqualTo(2);
        assertThat(file.train().size()).isEqualTo(24);
        assertThat(file.test().size()).isEqualTo(9);
        ImageDataset train = DataSource.parse("codes:" + codes).load(Split.TRAIN);
        assertThat(train.levels()).isEqualTo(4);
        assertThat(train.numClasses()).isEqualTo(10);
        assertThat(prior.resolve("config.json")).content().contains("\"levels\": 4").contains("\"CLASS\"");
    }

    @Test
    void samplesEveryClassThroughThePriorAndTheDecoder() {
        Path png = dir.resolve("classes.png");
        Result r = run("sample", "--prior", prior.toString(), "--decoder", vq.toString(), "--classes", "all", "--n", "2",
                "--out", png.toString());
        ok(r);
        assertThat(r.out()).contains("wrote 20 samples").contains("2x2 code maps drawn");
        assertThat(png).exists();
        Path completed = dir.resolve("completed.png");
        ok(run("complete", "--prior", prior.toString(), "--decoder", vq.toString(), "--input",
                dir.resolve("mnist/t10k-images-idx3-ubyte.gz").toString(), "--keep-rows", "1", "--limit", "2",
                "--per-input", "2", "--out", completed.toString()));
        assertThat(completed).exists();
    }

    @Test
    void aDecoderWithAnotherCodebookOrGridIsRefusedInOneLine() {
        Path k8 = dir.resolve("vq-k8");
        ok(run(vqTrain(k8, "--codebook", "8", "--steps", "1")));
        Result r = run("sample", "--prior", prior.toString(), "--decoder", k8.toString(), "--class", "1", "--out",
                dir.resolve("no.png").toString());
        assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err().strip()).contains("is a prior over K=4 codes").contains("codebook of 8")
                .doesNotContain("\n");
        Path grid4 = dir.resolve("vq-4x4");
        ok(run(vqTrain(grid4, "--codebook", "4", "--downsamples", "1", "--steps", "1")));
        r = run("sample", "--prior", prior.toString(), "--decoder", grid4.toString(), "--class", "1", "--out",
                dir.resolve("no.png").toString());
        assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err().strip()).contains("models 2x2 maps").contains("4x4 grid").doesNotContain("\n");
        assertThat(dir.resolve("no.png")).doesNotExist();
        Result noDecoder = run("sample", "--prior", prior.toString(), "--class", "1", "--out",
                dir.resolve("no.png").toString());
        assertThat(noDecoder.err().strip()).isEqualTo("pixelcnn: --prior needs --decoder: the VQ-VAE that turns its"
                + " codes into images");
    }

    @Test
    void aPriorResumedOnCodesOfAnotherGridOrCodebookIsRefused() {
        Path other = dir.resolve("other.codes");
        Path grid4 = dir.resolve("vq-grid");
        ok(run(vqTrain(grid4, "--codebook", "4", "--downsamples", "1", "--steps", "1")));
        ok(run("encode", "--codes", "--run", grid4.toString(), "--dataset", dataset, "--out", other.toString()));
        Result r = run("train", "--dataset", "codes:" + other, "--steps", "3", "--batch", "8", "--out",
                prior.toString(), "--resume");
        assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err().strip()).contains("images are 4x4 gray, the model expects 2x2 gray").doesNotContain("\n");
        Path k8 = dir.resolve("vq-k8-codes");
        Path k8codes = dir.resolve("k8.codes");
        ok(run(vqTrain(k8, "--codebook", "8", "--steps", "1")));
        ok(run("encode", "--codes", "--run", k8.toString(), "--dataset", dataset, "--out", k8codes.toString()));
        r = run("train", "--dataset", "codes:" + k8codes, "--steps", "3", "--batch", "8", "--out", prior.toString(),
                "--resume");
        assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err().strip()).contains("codes over K=8, the model has 4 levels").doesNotContain("\n");
    }
}

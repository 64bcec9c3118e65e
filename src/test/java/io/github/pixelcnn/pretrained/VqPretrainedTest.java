package io.github.pixelcnn.pretrained;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.cli.Main;
import io.github.pixelcnn.cli.TinyIdx;
import io.github.pixelcnn.data.CodeMapFile;
import io.github.pixelcnn.data.DataSource;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.Split;
import io.github.pixelcnn.vq.CodeMaps;
import io.github.pixelcnn.vq.VqCheckpoint;
import io.github.pixelcnn.vq.VqEvaluation;
import io.github.pixelcnn.vq.VqVae;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A VQ-VAE and a prior over its codes exported as pretrained models pass the shipped models' check:
 * the VQ-VAE's PSNR on the first test images and the prior's bits per code on their code maps,
 * encoded by the VQ-VAE its card names.
 */
class VqPretrainedTest {
    private static final double PSNR_TOLERANCE = 0.05;

    @TempDir Path tmp;

    @Test
    void aVqVaeAndItsPriorExportedFromRunsPassTheCheck() throws Exception {
        String dataset = "mnist:" + TinyIdx.write(tmp.resolve("tiny"), 24, 9);
        Path vq = tmp.resolve("vq");
        Path models = tmp.resolve("models");
        assertThat(Main.run("train", "--model", "vqvae", "--dataset", dataset, "--hidden", "8", "--res-blocks", "1",
                "--codebook", "4", "--code-dim", "3", "--batch", "8", "--steps", "2", "--out", vq.toString())).isZero();
        assertThat(Main.run("export", "--run", vq.toString(), "--name", "tiny-vqvae", "--dataset", dataset,
                "--models-dir", models.toString())).isZero();
        Path codes = tmp.resolve("tiny.codes");
        assertThat(Main.run("encode", "--codes", "--run", vq.toString(), "--dataset", dataset, "--out",
                codes.toString())).isZero();
        Path prior = tmp.resolve("prior");
        assertThat(Main.run("train", "--dataset", "codes:" + codes, "--layers", "2", "--channels", "8", "--head", "16",
                "--kernel", "3", "--batch", "8", "--steps", "2", "--out", prior.toString())).isZero();
        assertThat(Main.run("export", "--run", prior.toString(), "--name", "tiny-vqvae-prior", "--dataset", dataset,
                "--decoder", "tiny-vqvae", "--models-dir", models.toString())).isZero();

        ModelsFolder folder = new ModelsFolder(models);
        assertThat(folder.names()).containsExactly("tiny-vqvae", "tiny-vqvae-prior");
        ModelCard vqCard = folder.card("tiny-vqvae");
        assertThat(vqCard.testPsnr()).isNotNull();
        assertThat(vqCard.model()).startsWith("VQ-VAE, K = 4 codes of D = 3 on a 2x2 grid");
        assertThat(folder.card("tiny-vqvae-prior").decoder()).isEqualTo("tiny-vqvae");
        assertThat(Files.readString(models.resolve("MODELS.md"))).contains("dB PSNR")
                .contains("code maps by `tiny-vqvae`; bits per code");
        PretrainedModelsTest.check(folder, "tiny-vqvae");
        PretrainedModelsTest.check(folder, "tiny-vqvae-prior");
    }

    /** The VQ-VAE loads, has the card's parameter count and PSNR on its first test images. */
    static void checkVqVae(ModelsFolder folder, ModelCard card) {
        VqCheckpoint ckpt = VqCheckpoint.read(folder.checkpoint(card.name()));
        try (NDManager m = NDManager.newBaseManager(); VqVae model = ckpt.restore(m)) {
            assertThat(model.parameterCount()).isEqualTo(card.parameters());
            ImageDataset test = DataSource.parse(card.dataset()).load(Split.TEST);
            VqEvaluation check = VqEvaluation.of(model, test, card.checkImages(), 100, m);
            assertThat(check.images()).isEqualTo(card.checkImages());
            assertThat(check.psnr()).as(card.name() + ": PSNR on the first %d test images", card.checkImages())
                    .isCloseTo(card.checkPsnr(), org.assertj.core.data.Offset.offset(PSNR_TOLERANCE));
        }
    }

    /** The code maps of a prior's first test images, encoded by the VQ-VAE its card names. */
    static ImageDataset testCodes(ModelsFolder folder, ModelCard card, NDManager m) {
        ImageDataset test = DataSource.parse(card.dataset()).load(Split.TEST).head(card.checkImages());
        VqCheckpoint ckpt = VqCheckpoint.read(folder.checkpoint(card.decoder()));
        try (VqVae model = ckpt.restore(m)) {
            CodeMapFile.Split maps = CodeMaps.encode(model, test, 100, m);
            CodeMapFile file = new CodeMapFile(ckpt.config().codes(), ckpt.config().gridHeight(),
                    ckpt.config().gridWidth(), card.decoder(), test.classNames(), maps, maps);
            return file.dataset(Path.of(card.decoder()), Split.TEST);
        }
    }
}

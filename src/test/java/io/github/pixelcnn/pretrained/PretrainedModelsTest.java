package io.github.pixelcnn.pretrained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadParameterException;
import io.github.pixelcnn.cli.Main;
import io.github.pixelcnn.cli.TinyIdx;
import io.github.pixelcnn.data.DataSource;
import io.github.pixelcnn.data.FashionMnist;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.Split;
import io.github.pixelcnn.eval.EvalResult;
import io.github.pixelcnn.eval.Evaluator;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.ModelType;
import io.github.pixelcnn.model.PixelCnnAutoEncoder;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.sample.Sampler;
import io.github.pixelcnn.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every model shipped in the repository's {@code models/} loads, matches its card's bits/dim on the
 * first 500 test images within 0.02, and samples; an empty folder checks nothing. A shipped model
 * whose dataset is not installed (Debian's {@code dataset-fashion-mnist}) is skipped, not failed.
 * The same check runs on a tiny model exported into a temporary folder, so the mechanism is tested
 * either way.
 */
class PretrainedModelsTest {
    private static final double TOLERANCE = 0.02;

    @TempDir Path tmp;

    @TestFactory
    Stream<DynamicTest> everyShippedModel() {
        ModelsFolder shipped = new ModelsFolder(Path.of("models")); // Maven runs tests in the project's folder
        return shipped.names().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            String dataset = shipped.card(name).dataset();
            assumeTrue(installed(dataset), name + ": needs its test images (" + dataset + "), which are not installed"
                    + " here; on Debian: apt-get install dataset-fashion-mnist");
            check(shipped, name);
        }));
    }

    /** Whether a dataset spec's folder is on this machine: real data is an assumption, never a failure. */
    private static boolean installed(String spec) {
        Path dir = spec.equals("fashion-mnist") ? FashionMnist.DEFAULT_DIR : Path.of(spec.substring(spec.indexOf(':') + 1));
        return Files.isDirectory(dir);
    }

    @Test
    void aModelExportedFromARunPassesTheSameCheck() throws IOException {
        Path data = TinyIdx.write(tmp.resolve("tiny"), 48, 16);
        Path run = tmp.resolve("run");
        int code = Main.run("train", "--dataset", "mnist:" + data, "--layers", "2", "--channels", "8", "--head", "16",
                "--batch", "8", "--lr", "0.01", "--steps", "6", "--seed", "3", "--out", run.toString());
        assertThat(code).isZero();
        ModelsFolder folder = new ModelsFolder(tmp.resolve("models"));
        ImageDataset train = DataSource.parse("mnist:" + data).load(Split.TRAIN);
        ImageDataset test = DataSource.parse("mnist:" + data).load(Split.TEST);
        ModelCard card;
        try (NDManager m = NDManager.newBaseManager()) {
            card = folder.export(run, "tiny-class", "mnist:" + data, train, test, "the test's train command", m);
        }
        assertThat(folder.names()).containsExactly("tiny-class");
        assertThat(card.checkImages()).isEqualTo(test.size()); // fewer than 500 here
        assertThat(card.steps()).isEqualTo(6);
        assertThat(card.seed()).isEqualTo(3);
        assertThat(card.model()).isEqualTo("Gated PixelCNN, 2 layers × 8 channels, head 16, class-conditional (10 classes), global h");
        assertThat(Files.readString(folder.dir().resolve("MODELS.md"))).contains("| `tiny-class` | Gated PixelCNN")
                .contains(String.format(java.util.Locale.ROOT, "%.4f", card.testBitsPerDim()))
                .contains("the test's train command");
        // Parameters only: the run's checkpoint also holds Adam's two moments per parameter.
        long exported = Files.size(folder.checkpoint("tiny-class"));
        long full = Files.size(run.resolve("checkpoint.ckpt"));
        assertThat(exported).isLessThan(full / 2);
        check(folder, "tiny-class");
    }

    @Test
    void anUnknownNameListsTheModelsThatAreThere() throws IOException {
        ModelsFolder empty = new ModelsFolder(tmp.resolve("none"));
        assertThat(empty.names()).isEmpty();
        assertThatThrownBy(() -> empty.checkpoint("fashion-mnist-class")).isInstanceOf(BadParameterException.class)
                .hasMessage("pretrained fashion-mnist-class: no such model in " + tmp.resolve("none") + ", which holds none");
        Path dir = Files.createDirectories(tmp.resolve("some"));
        for (String f : new String[] {"b.ckpt", "b.json", "a.ckpt", "a.json", "orphan.ckpt"}) {
            Files.writeString(dir.resolve(f), "");
        }
        assertThatThrownBy(() -> new ModelsFolder(dir).checkpoint("c")).isInstanceOf(BadParameterException.class)
                .hasMessage("pretrained c: no such model in " + dir + "; available: a, b");
    }

    /** Loads {@code name}, checks its card's 500-image figure and draws two samples. */
    static void check(ModelsFolder folder, String name) {
        ModelCard card = folder.card(name);
        assertThat(card.name()).isEqualTo(name);
        assertThat(Files.exists(folder.checkpoint(name))).isTrue();
        if (card.testPsnr() != null) {
            VqPretrainedTest.checkVqVae(folder, card);
            return;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Checkpoint ckpt = Checkpoint.read(folder.checkpoint(name));
            PixelModel model = ckpt.restoreModel(m);
            assertThat(model.parameterCount()).isEqualTo(card.parameters());
            ImageDataset test = card.decoder() == null ? DataSource.parse(card.dataset()).load(Split.TEST)
                    : VqPretrainedTest.testCodes(folder, card, m);
            // Batches of 20: the same figure (the mean is by image), at a fraction of batch 100's time here,
            // whose (100, 256, C, 28, 28) logits outgrow the caches.
            EvalResult r = Evaluator.evaluate(model, test, 20, card.checkImages(), m);
            assertThat(r.images()).isEqualTo(card.checkImages());
            assertThat(r.bitsPerDim()).as(name + ": bits/dim on the first %d test images", card.checkImages())
                    .isCloseTo(card.checkBitsPerDim(), org.assertj.core.data.Offset.offset(TOLERANCE));
            byte[] images = Sampler.forModel(model).sample(model, condition(model, test, m), 2, 1f, 7, m);
            ModelConfig c = model.config();
            assertThat(images).hasSize(2 * c.dims());
            assertThat(IntStream.range(0, images.length).map(i -> images[i]).distinct().count())
                    .as("a sample is not one flat colour").isGreaterThan(1);
        }
    }

    /** Two images' h of the model's kind: classes 0 and 1, zero vectors, or the codes of two test images. */
    private static Condition condition(PixelModel model, ImageDataset test, NDManager m) {
        ModelConfig c = model.config();
        if (c.type() == ModelType.AUTOENCODER) {
            return Condition.encode((PixelCnnAutoEncoder) model, test.head(2).pixels(), 2, 2, m);
        }
        return switch (c.conditioning()) {
            case NONE -> Condition.none();
            case CLASS -> Condition.classes(new int[] {0, 1 % c.conditionSize()}, c.conditionSize());
            case VECTOR, CODE -> Condition.vectors(new float[2 * c.conditionSize()], c.conditionSize());
        };
    }
}

package io.github.pixelcnn.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.cli.Main;
import io.github.pixelcnn.cli.TinyIdx;
import io.github.pixelcnn.data.DataSource;
import io.github.pixelcnn.data.Split;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.pretrained.ModelsFolder;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model from a run, a checkpoint file or a pretrained name: the same checkpoint, and the test images of its data. */
class ModelSourceTest {
    @TempDir static Path tmp;
    static Path data;
    static Path run;
    static ModelsFolder folder;

    @BeforeAll
    static void trainAndExport() {
        data = TinyIdx.write(tmp.resolve("tiny"), 48, 12);
        run = tmp.resolve("run");
        assertThat(Main.run("train", "--dataset", "mnist:" + data, "--layers", "2", "--channels", "8", "--head", "16",
                "--batch", "8", "--steps", "2", "--seed", "3", "--out", run.toString())).isZero();
        folder = new ModelsFolder(tmp.resolve("models"));
        DataSource source = DataSource.parse("mnist:" + data);
        try (NDManager m = NDManager.newBaseManager()) {
            folder.export(run, "tiny", "mnist:" + data, source.load(Split.TRAIN), source.load(Split.TEST), "train", m);
        }
    }

    @Test
    void everySourceFindsTheCheckpointAndTheDataItsModelWasTrainedOn() {
        ModelConfig mc = ModelSource.run(run).read().config();
        ModelSource pretrained = ModelSource.pretrained("tiny", folder);
        assertThat(pretrained.read().config()).isEqualTo(mc);
        assertThat(ModelSource.run(run).testImages(mc)).get().satisfies(d -> assertThat(d.size()).isEqualTo(12));
        assertThat(pretrained.testImages(mc)).as("the card's dataset").get()
                .satisfies(d -> assertThat(d.size()).isEqualTo(12));
        ModelSource file = ModelSource.checkpoint(ModelSource.run(run).checkpointPath());
        assertThat(file.read().config()).isEqualTo(mc);
        assertThat(file.testImages(mc)).as("a bare checkpoint names no data").isEmpty();
        assertThat(ModelSource.run(run).run()).get().satisfies(r -> assertThat(r.dir()).isEqualTo(run));
    }

    @Test
    void aMissingCheckpointIsOneLineNamingWhereItLooked() {
        Path empty = tmp.resolve("empty-run");
        assertThatThrownBy(() -> ModelSource.run(empty).read()).isInstanceOf(BadInputException.class)
                .hasMessage(empty.resolve("checkpoint.ckpt") + ": no checkpoint there; train first, or load a checkpoint"
                        + " file");
        assertThat(ModelSource.pretrained("tiny", folder)).hasToString("pretrained tiny");
    }
}

package io.github.pixelcnn.repro;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.model.ModelConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The final evaluation tells its listener how far it is, so the command line can show a bar. */
class ReproductionProgressTest {
    @TempDir Path dir;

    @Test
    void theFinalEvaluationCountsTheTestSplitThenTheTrainingImages() {
        byte[] pixels = new byte[24 * 64];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7 % 256);
        }
        ImageDataset all = ImageDataset.unlabeled("patterns", pixels, 24, 1, 8, 8);
        ImageDataset train = all.head(16);
        ImageDataset test = all.subset(new int[] {16, 17, 18, 19, 20});
        ModelConfig gated = ModelConfig.builder().setImage(1, 8, 8).optLayers(2).optChannels(8).optKernels(7, 3)
                .optHeadChannels(16).build();
        ReproConfig config = ReproConfig.builder().setModel(gated).setStepsPerModel(1).optRows(Row.parse("a"))
                .optNoiseSeeds(1).optBatchSize(8).optTrainEvalImages(10).optEpochEvalImages(5).build();
        Map<String, Integer> totals = new LinkedHashMap<>();
        Map<String, List<Integer>> told = new LinkedHashMap<>();
        Reproduction.Listener listener = new Reproduction.Listener() {
            @Override
            public IntConsumer onEvaluating(Entry entry, int images) {
                totals.put(entry.id(), images);
                List<Integer> done = new ArrayList<>();
                told.put(entry.id(), done);
                return done::add;
            }
        };
        Optional<Results> results;
        try (NDManager manager = NDManager.newBaseManager()) {
            results = Reproduction.run(dir, config, train, test, "test", listener, manager);
        }
        assertThat(results).isPresent();
        assertThat(totals).containsOnlyKeys("gated-none", "masked-none").containsValues(15, 15);
        // Batches of the test split (5 images), then of the first 10 training images, counted on from 5.
        for (List<Integer> done : told.values()) {
            assertThat(done).isSorted().startsWith(5).endsWith(15);
        }
    }
}

package io.github.pixelcnn.ood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scorer's contract: one call gives every score; the ratio's map sums to its score; refusals. */
class OodScorerTest {
    private static final ModelConfig TINY = ModelConfig.builder().setImage(1, 8, 8).optLayers(2).optChannels(8)
            .optKernels(3, 3).optHeadChannels(16).build();

    @Test
    void ratioIsTheDifferenceOfBitsAndItsMapSumsToIt() {
        try (NDManager manager = NDManager.newBaseManager()) {
            PixelModel model = PixelModel.create(TINY);
            model.initialize(manager);
            PixelModel background = PixelModel.create(TINY);
            background.initialize(manager);
            ImageDataset data = SyntheticSets.make("noise", ImageDataset.unlabeled("r", new byte[64], 1, 1, 8, 8), 256, 5,
                    1);
            OodScores s = OodScorer.builder().setModel(model, null).optBackground(background, null).optMaps(true)
                    .optBatch(2).build().score(data, manager);
            assertThat(s.size()).isEqualTo(5);
            float[] map = s.ratioNats();
            for (int i = 0; i < 5; i++) {
                assertThat(s.of(OodScore.RATIO, i)).isEqualTo(s.bitsPerDim()[i] - s.backgroundBitsPerDim()[i]);
                double sum = 0;
                for (int k = 0; k < 64; k++) {
                    sum += map[i * 64 + k];
                }
                assertThat(sum / (64 * Math.log(2))).isCloseTo(s.of(OodScore.RATIO, i),
                        org.assertj.core.data.Offset.offset(1e-4));
            }
            OodReport report = OodEvaluation.run(OodScorer.builder().setModel(model, null).build(), data,
                    Map.of("same", data), 0, manager, (set, done, total) -> {});
            assertThat(report.scores()).containsExactly(OodScore.LIKELIHOOD, OodScore.COMPLEXITY);
            assertThat(report.detection(report.candidates().get(0), OodScore.LIKELIHOOD).auroc()).isEqualTo(0.5);
            assertThat(report.markdown()).contains("| same | 5 |").contains("0.5000 |")
                    .doesNotContain("likelihood ratio");
            assertThatThrownBy(() -> OodEvaluation.run(OodScorer.builder().setModel(model, null).build(), data,
                    Map.of(), 0, manager, (set, done, total) -> {})).isInstanceOf(BadInputException.class)
                    .hasMessage("no candidate sets to compare with the reference");
        }
    }

    @Test
    void aBackgroundOfOtherImagesIsRefusedInOneLine() {
        ModelConfig levels = TINY.toBuilder().optLevels(16).build();
        assertThatThrownBy(() -> OodScorer.requireSameImages(TINY, levels)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("16 levels").hasMessageContaining("256 levels").hasMessageNotContaining("\n");
        ModelConfig bigger = ModelConfig.builder().setImage(1, 16, 16).optLayers(2).optChannels(8).optKernels(3, 3)
                .optHeadChannels(16).build();
        assertThatThrownBy(() -> OodScorer.requireSameImages(TINY, bigger)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("1x16x16");
    }

    @Test
    void emptyDataAndVectorModelsAreRefused() {
        try (NDManager manager = NDManager.newBaseManager()) {
            PixelModel model = PixelModel.create(TINY);
            model.initialize(manager);
            OodScorer scorer = OodScorer.builder().setModel(model, null).build();
            assertThatThrownBy(() -> ImageDataset.unlabeled("nothing", new byte[0], 0, 1, 8, 8))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("empty");
            ImageDataset one = ImageDataset.unlabeled("one", new byte[64], 1, 1, 8, 8);
            assertThatThrownBy(() -> scorer.score(one, 0, manager, done -> {})).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("no images");
            PixelModel vector = PixelModel.create(TINY.toBuilder().optConditioning(Conditioning.VECTOR, 3).build());
            assertThatThrownBy(() -> OodScorer.builder().setModel(vector, null).build())
                    .isInstanceOf(BadInputException.class).hasMessageContaining("vector");
        }
    }
}

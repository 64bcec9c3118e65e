package io.github.pixelcnn.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.Seeds;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.PixelModel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Sampling with one stream per image: image i of a batch is the image drawn alone with its seed,
 * whatever else the batch holds, and the per-image seed depends on (seed, id) only.
 */
class SampleEachTest {
    @Test
    void eachImageEqualsItsImageDrawnAlone() {
        try (NDManager m = NDManager.newBaseManager()) {
            PixelModel model = CachedSamplerTest.model(m, 1, 16, 3, 3, 3, 256, 5, 6, 3);
            int dims = model.config().dims();
            long[] seeds = {Seeds.forImage(7, 0), Seeds.forImage(7, 1), Seeds.forImage(7, 2), Seeds.forImage(7, 3)};
            int[] labels = {0, 2, 1, 2};
            byte[] batch = new CachedGatedSampler().sampleEach(model, Condition.classes(labels, 3), seeds, 1f, m);
            for (int i = 0; i < seeds.length; i++) {
                byte[] alone = new CachedGatedSampler().sample(model, Condition.sameClass(labels[i], 1, 3), 1, 1f,
                        seeds[i], m);
                assertThat(Arrays.copyOfRange(batch, i * dims, (i + 1) * dims)).as("image %d", i).isEqualTo(alone);
            }
            byte[] reordered = new CachedGatedSampler().sampleEach(model,
                    Condition.classes(new int[] {labels[3], labels[0]}, 3), new long[] {seeds[3], seeds[0]}, 1f, m);
            assertThat(Arrays.copyOfRange(reordered, 0, dims)).isEqualTo(Arrays.copyOfRange(batch, 3 * dims, 4 * dims));
            assertThat(Arrays.copyOfRange(reordered, dims, 2 * dims)).isEqualTo(Arrays.copyOfRange(batch, 0, dims));
            assertThat(Arrays.copyOfRange(batch, 0, dims)).isNotEqualTo(Arrays.copyOfRange(batch, dims, 2 * dims));
        }
    }

    @Test
    void naiveAndCachedAgreePerImage() {
        try (NDManager m = NDManager.newBaseManager()) {
            PixelModel model = CachedSamplerTest.model(m, 3, 48, 2, 3, 3, 32, 4, 4, 0);
            long[] seeds = {Seeds.forImage(1, 5), Seeds.forImage(1, 6)};
            byte[] cached = new CachedGatedSampler().sampleEach(model, Condition.none(), seeds, 0.9f, m);
            byte[] naive = new NaiveSampler().sampleEach(model, Condition.none(), seeds, 0.9f, m);
            assertThat(cached).isEqualTo(naive);
        }
    }

    @Test
    void refusesAConditionOfAnotherCount() {
        try (NDManager m = NDManager.newBaseManager()) {
            PixelModel model = CachedSamplerTest.model(m, 1, 16, 2, 3, 3, 16, 4, 4, 3);
            assertThatThrownBy(() -> new CachedGatedSampler().sampleEach(model, Condition.classes(new int[] {1}, 3),
                    new long[] {1, 2}, 1f, m)).hasMessageContaining("1");
        }
    }

    @Test
    void imageSeedsDependOnSeedAndIdOnly() {
        assertThat(Seeds.forImage(1, 2)).isEqualTo(Seeds.forImage(1, 2));
        assertThat(Seeds.forImage(1, 2)).isNotEqualTo(Seeds.forImage(1, 3)).isNotEqualTo(Seeds.forImage(2, 2));
        assertThat(Seeds.forImage(0, 0)).isNotZero();
        // SplitMix64's first output for seed 0 (the id 0 image of seed 0), from its reference definition.
        assertThat(Seeds.forImage(0, 0)).isEqualTo(0xE220A8397B1DCDAFL);
    }
}

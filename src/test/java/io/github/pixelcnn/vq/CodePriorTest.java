package io.github.pixelcnn.vq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.sample.NaiveSampler;
import io.github.pixelcnn.sample.Sampler;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The prior over code maps is the ordinary Gated PixelCNN over K levels: causal over the code grid
 * in raster order, its cached sampler equal to the naive one, and, with a VQ-VAE of the same K and
 * grid, one call from a class to images.
 */
class CodePriorTest {
    private static final int K = 6;
    private static final int GRID = 3;
    private static final int CLASSES = 3;

    private static PixelModel prior(NDManager manager) {
        ModelConfig c = ModelConfig.builder().setImage(1, GRID, GRID).optLayers(3).optChannels(8).optKernels(3, 3)
                .optHeadChannels(8).optLevels(K).optConditioning(Conditioning.CLASS, CLASSES).build();
        Engine.getInstance().setRandomSeed(13);
        PixelModel model = PixelModel.create(c);
        model.initialize(manager);
        return model;
    }

    /** Changing the code at position p or after it leaves the logits at p as they were. */
    @Test
    void thePriorIsCausalOverTheCodeGrid() {
        try (NDManager m = NDManager.newBaseManager()) {
            PixelModel prior = prior(m);
            SplittableRandom r = new SplittableRandom(1);
            byte[] codes = new byte[GRID * GRID];
            for (int i = 0; i < codes.length; i++) {
                codes[i] = (byte) r.nextInt(K);
            }
            Condition h = Condition.sameClass(1, 1, CLASSES);
            float[] base = logits(prior, codes, h, m);
            for (int p = 0; p < codes.length; p++) {
                byte[] changed = codes.clone();
                for (int q = p; q < codes.length; q++) {
                    changed[q] = (byte) ((changed[q] + 1 + r.nextInt(K - 1)) % K);
                }
                float[] after = logits(prior, changed, h, m);
                for (int level = 0; level < K; level++) {
                    int at = level * codes.length + p; // (1, K, 1, h, w)
                    assertThat(after[at]).as("logit of level %d at %d", level, p)
                            .isCloseTo(base[at], org.assertj.core.api.Assertions.within(1e-5f));
                }
                if (p == 0) {
                    float diff = 0;
                    for (int i = K * codes.length - 1; i >= 0; i--) {
                        diff += Math.abs(after[i] - base[i]);
                    }
                    assertThat(diff).as("later positions do see earlier codes").isGreaterThan(0f);
                }
            }
        }
    }

    @Test
    void cachedSamplingEqualsNaiveOverCodes() {
        try (NDManager m = NDManager.newBaseManager()) {
            PixelModel prior = prior(m);
            Condition h = Condition.classes(new int[] {0, 1, 2, 1}, CLASSES);
            byte[] cached = Sampler.forModel(prior).sample(prior, h, 4, 1f, 7, m);
            byte[] naive = new NaiveSampler().sample(prior, h, 4, 1f, 7, m);
            assertThat(cached).isEqualTo(naive);
            for (byte b : cached) {
                assertThat(b & 0xFF).isLessThan(K);
            }
        }
    }

    @Test
    void fromAClassToImagesInOneCall() {
        try (NDManager m = NDManager.newBaseManager()) {
            VqVaeConfig c = new VqVaeConfig(1, 12, 12, 8, 1, 2, K, 3, 0.25, 0.99, 1.0);
            try (CodePrior generator = new CodePrior(prior(m), VqVaeTest.model(c, m), "prior", "vqvae")) {
                byte[] images = generator.sampleClass(2, 5, 1f, 3, m);
                assertThat(images).hasSize(5 * 12 * 12);
            }
            VqVaeConfig otherK = new VqVaeConfig(1, 12, 12, 8, 1, 2, K + 1, 3, 0.25, 0.99, 1.0);
            assertThatThrownBy(() -> new CodePrior(prior(m), VqVaeTest.model(otherK, m), "prior", "vqvae"))
                    .isInstanceOf(BadInputException.class).hasMessageStartingWith(
                            "prior is a prior over K=6 codes, but vqvae has a codebook of 7");
            VqVaeConfig otherGrid = new VqVaeConfig(1, 16, 16, 8, 1, 2, K, 3, 0.25, 0.99, 1.0);
            assertThatThrownBy(() -> new CodePrior(prior(m), VqVaeTest.model(otherGrid, m), "prior", "vqvae"))
                    .isInstanceOf(BadInputException.class).hasMessageStartingWith(
                            "prior models 3x3 maps, but vqvae encodes to a 4x4 grid");
        }
    }

    private static float[] logits(PixelModel prior, byte[] codes, Condition h, NDManager m) {
        try (NDManager sub = m.newSubManager()) {
            NDArray x = sub.create(codes, new Shape(1, 1, GRID, GRID)).toType(DataType.UINT8, false); // (1, 1, h, w)
            return prior.logits(x, h).toFloatArray(); // (1, K, 1, h, w)
        }
    }
}

package io.github.pixelcnn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** Likelihood against hand computations in doubles. */
class LikelihoodTest {
    private static final double TOL = 1e-5;

    // N=2, levels=4, C=1, H=1, W=2; LOGITS[n][level][x]
    private static final float[][][] LOGITS = {
        {{1.0f, -2.0f}, {0.5f, 0.0f}, {-1.0f, 3.0f}, {2.0f, 0.25f}},
        {{0.0f, 0.0f}, {0.0f, 1.0f}, {0.0f, -1.5f}, {0.0f, 0.75f}},
    };
    // IMAGES[n][x], intensities in 0..3
    private static final int[][] IMAGES = {{3, 2}, {0, 1}};

    private static double handNats(int n, int x) {
        double max = Double.NEGATIVE_INFINITY;
        for (int l = 0; l < 4; l++) {
            max = Math.max(max, LOGITS[n][l][x]);
        }
        double sum = 0;
        for (int l = 0; l < 4; l++) {
            sum += Math.exp(LOGITS[n][l][x] - max);
        }
        double logZ = max + Math.log(sum);
        return -(LOGITS[n][IMAGES[n][x]][x] - logZ);
    }

    private static NDArray logits(NDManager m) {
        float[] flat = new float[2 * 4 * 2];
        int k = 0;
        for (int n = 0; n < 2; n++) {
            for (int l = 0; l < 4; l++) {
                for (int x = 0; x < 2; x++) {
                    flat[k++] = LOGITS[n][l][x];
                }
            }
        }
        return m.create(flat, new Shape(2, 4, 1, 1, 2));
    }

    private static NDArray images(NDManager m) {
        return m.create(new float[] {IMAGES[0][0], IMAGES[0][1], IMAGES[1][0], IMAGES[1][1]}, new Shape(2, 1, 1, 2));
    }

    @Test
    void matchesHandComputedNegativeLogSoftmax() {
        // sanity of the hand values themselves: image 1, pixel 0 has uniform logits -> ln 4
        assertThat(handNats(1, 0)).isCloseTo(Math.log(4), within(1e-12));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = logits(m);
            NDArray images = images(m);

            NDArray perSub = Likelihood.natsPerSubpixel(logits, images);
            assertThat(perSub.getShape()).isEqualTo(new Shape(2, 1, 1, 2));
            float[] got = perSub.toFloatArray();
            for (int n = 0; n < 2; n++) {
                for (int x = 0; x < 2; x++) {
                    assertThat((double) got[n * 2 + x]).as("nats n=%d x=%d", n, x).isCloseTo(handNats(n, x), within(TOL));
                }
            }

            NDArray perImage = Likelihood.natsPerImage(logits, images);
            assertThat(perImage.getShape()).isEqualTo(new Shape(2));
            float[] img = perImage.toFloatArray();
            double total = 0;
            for (int n = 0; n < 2; n++) {
                double expected = handNats(n, 0) + handNats(n, 1);
                total += expected;
                assertThat((double) img[n]).as("nats of image %d", n).isCloseTo(expected, within(TOL));
                assertThat(Likelihood.bitsPerDim(img[n], 2))
                        .as("bits/dim of image %d", n)
                        .isCloseTo(expected / (2 * Math.log(2)), within(TOL));
            }

            double mean = Likelihood.meanNats(logits, images).getFloat();
            assertThat(mean).isCloseTo(total / 4, within(TOL));
            assertThat(Likelihood.natsPerDimToBits(mean)).isCloseTo(total / 4 / Math.log(2), within(TOL));
        }
    }

    @Test
    void bitsPerDimIsNatsOverDimsTimesLn2() {
        assertThat(Likelihood.bitsPerDim(784 * Math.log(2), 784)).isCloseTo(1.0, within(1e-12));
        assertThat(Likelihood.bitsPerDim(3.5, 7)).isCloseTo(0.5 / Math.log(2), within(1e-12));
        assertThat(Likelihood.natsPerDimToBits(Math.log(2))).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void uniformLogitsGiveLog2LevelsBitsPerDim() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (int levels : new int[] {256, 4, 2}) {
                int c = 3;
                int h = 2;
                int w = 3;
                NDArray logits = m.full(new Shape(2, levels, c, h, w), 0.3f);
                NDArray images = m.randomInteger(0, levels, new Shape(2, c, h, w), ai.djl.ndarray.types.DataType.INT32);
                float[] perImage = Likelihood.natsPerImage(logits, images).toFloatArray();
                double expectedBits = Math.log(levels) / Math.log(2);
                for (float nats : perImage) {
                    assertThat(Likelihood.bitsPerDim(nats, c * h * w)).isCloseTo(expectedBits, within(TOL));
                }
                double meanBits = Likelihood.natsPerDimToBits(Likelihood.meanNats(logits, images).getFloat());
                assertThat(meanBits).isCloseTo(expectedBits, within(TOL));
            }
            // 256 levels: exactly 8 bits/dim
            NDArray logits = m.zeros(new Shape(1, 256, 1, 2, 2));
            NDArray images = m.create(new float[] {0, 255, 17, 128}, new Shape(1, 1, 2, 2));
            double bits = Likelihood.bitsPerDim(Likelihood.natsPerImage(logits, images).getFloat(0), 4);
            assertThat(bits).isCloseTo(8.0, within(TOL));
        }
    }
}

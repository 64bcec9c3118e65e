package io.github.pixelcnn.vq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The EMA codebook: nearest codes, the update against a hand computation, dead-code restarts. */
class CodebookTest {
    @Test
    void nearestPicksTheClosestCodeAndTheFirstOnTies() {
        try (NDManager manager = NDManager.newBaseManager();
                Codebook book = new Codebook(3, 2, 0.99, 0, manager)) {
            book.restore(new float[] {0, 0, 4, 0, 0, 4}, new double[] {1, 1, 1}, new double[] {0, 0, 4, 0, 0, 4});
            float[] z = {0.1f, 0.2f, 3.9f, 0.5f, -1f, 5f, 3f, 3f}; // the last is as far from codes 1 and 2
            long[] nearest = book.nearest(manager.create(z, new ai.djl.ndarray.types.Shape(4, 2))).toLongArray();
            assertThat(nearest).containsExactly(0, 1, 2, 1);
        }
    }

    /**
     * K = 2 codes of D = 1 at 0 and 10, counts 1, decay 1/2; a batch of 1 and 2 (nearest code 0) and
     * 9 (code 1). By hand: N = (1.5, 1), m = (1.5, 9.5), so e ≈ (1.5/1.5, 9.5/1) = (1, 9.5), exactly
     * so up to the Laplace ε.
     */
    @Test
    void emaUpdateMatchesTheHandComputation() {
        try (NDManager manager = NDManager.newBaseManager();
                Codebook book = new Codebook(2, 1, 0.5, 0, manager)) {
            book.restore(new float[] {0, 10}, new double[] {1, 1}, new double[] {0, 10});
            int restarted = book.update(new float[] {1, 2, 9}, new int[] {0, 0, 1}, new SplittableRandom(1));
            assertThat(restarted).isZero();
            assertThat(book.counts()).containsExactly(1.5, 1.0);
            assertThat(book.sums()).containsExactly(1.5, 9.5);
            double total = 2.5;
            double eps = Codebook.EPSILON;
            double n0 = (1.5 + eps) / (total + 2 * eps) * total;
            double n1 = (1.0 + eps) / (total + 2 * eps) * total;
            float[] e = book.embeddings();
            assertThat(e[0]).isCloseTo((float) (1.5 / n0), within(1e-7f)).isCloseTo(1f, within(1e-4f));
            assertThat(e[1]).isCloseTo((float) (9.5 / n1), within(1e-6f)).isCloseTo(9.5f, within(1e-3f));
            assertThat(book.table().toFloatArray()).containsExactly(e);
        }
    }

    @Test
    void codesUsedTooLittleAreRestartedOnEncoderOutputs() {
        try (NDManager manager = NDManager.newBaseManager();
                Codebook book = new Codebook(3, 2, 0.5, 0.6, manager)) {
            book.restore(new float[] {0, 0, 1, 1, 50, 50}, new double[] {1, 1, 1}, new double[] {0, 0, 1, 1, 50, 50});
            float[] z = {0.1f, 0f, 0.9f, 1f, 1.1f, 1f};
            // Code 2 is chosen by no row: its count halves to 0.5 < 0.6; codes 0 and 1 stay above.
            int restarted = book.update(z, new int[] {0, 1, 1}, new SplittableRandom(3));
            assertThat(restarted).isEqualTo(1);
            double[] counts = book.counts();
            assertThat(counts[0]).isEqualTo(1.0);
            assertThat(counts[1]).isEqualTo(1.5);
            assertThat(counts[2]).isEqualTo(1.0);
            float[] e = book.embeddings();
            float[] code2 = {e[4], e[5]};
            assertThat(code2).satisfiesAnyOf(
                    c -> assertThat(c).containsExactly(0.1f, 0f),
                    c -> assertThat(c).containsExactly(0.9f, 1f),
                    c -> assertThat(c).containsExactly(1.1f, 1f));
            assertThat(book.sums()[4]).isEqualTo(code2[0]);
        }
    }

    @Test
    void aFreshCodebookIsPlacedOnTheData() {
        try (NDManager manager = NDManager.newBaseManager();
                Codebook book = new Codebook(4, 1, 0.99, 1, manager)) {
            assertThat(book.isFresh()).isTrue();
            book.placeAll(new float[] {5, 6, 7}, 3, new SplittableRandom(2));
            assertThat(book.isFresh()).isFalse();
            for (float e : book.embeddings()) {
                assertThat(e).isIn(5f, 6f, 7f);
            }
            assertThat(book.counts()).containsOnly(1.0);
        }
    }

    @Test
    void perplexityCountsCodesInUse() {
        assertThat(VqEvaluation.perplexity(new long[] {5, 0, 0, 0})).isEqualTo(1.0);
        assertThat(VqEvaluation.perplexity(new long[] {3, 3, 3, 3})).isCloseTo(4.0, within(1e-12));
    }
}

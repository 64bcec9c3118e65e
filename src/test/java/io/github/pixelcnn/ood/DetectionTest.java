package io.github.pixelcnn.ood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.pixelcnn.BadInputException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** AUROC, AUPRC and FPR at 95% TPR against hand computations, ties included. */
class DetectionTest {
    @Test
    void handComputedExampleWithTies() {
        double[] in = {1, 2, 3, 3};
        double[] out = {3, 4, 2};
        Detection d = Detection.of(in, out);
        // Pairs out > in, ties one half: out 3 beats 1, 2 and ties two 3s (3); out 4 beats all (4);
        // out 2 beats 1 and ties 2 (1.5): 8.5 of 12 pairs.
        assertThat(d.auroc()).isCloseTo(8.5 / 12, within(1e-12));
        // Thresholds 4, 3, 2, 1 flag (out, in) = (1, 0), (2, 2), (3, 3), (3, 4):
        // recall steps of 1/3 at precisions 1, 2/4, 3/6.
        assertThat(d.auprc()).isCloseTo(1.0 / 3 + 0.5 / 3 + 0.5 / 3, within(1e-12));
        // TPR first reaches 0.95 at threshold 2, where 3 of 4 in-distribution images are flagged.
        assertThat(d.fprAt95()).isEqualTo(0.75);
    }

    @Test
    void perfectBackwardsAndAllTied() {
        assertThat(Detection.of(new double[] {1, 2}, new double[] {3, 4})).isEqualTo(new Detection(1, 1, 0));
        Detection backwards = Detection.of(new double[] {3, 4}, new double[] {1, 2});
        assertThat(backwards.auroc()).isZero();
        assertThat(backwards.fprAt95()).isEqualTo(1);
        Detection tied = Detection.of(new double[] {5, 5, 5}, new double[] {5});
        assertThat(tied.auroc()).isEqualTo(0.5);
        assertThat(tied.auprc()).isEqualTo(0.25); // one group: precision = the positives' share
    }

    @Test
    void aurocIsTheMannWhitneyStatisticOnRandomTiedScores() {
        Random r = new Random(5);
        double[] in = new double[57];
        double[] out = new double[31];
        for (int i = 0; i < in.length; i++) {
            in[i] = r.nextInt(12);
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = r.nextInt(12) + 3;
        }
        double pairs = 0;
        for (double o : out) {
            for (double n : in) {
                pairs += o > n ? 1 : o == n ? 0.5 : 0;
            }
        }
        assertThat(Detection.of(in, out).auroc()).isCloseTo(pairs / (in.length * out.length), within(1e-12));
        // Swapping the roles mirrors the area.
        assertThat(Detection.of(out, in).auroc()).isCloseTo(1 - pairs / (in.length * out.length), within(1e-12));
    }

    @Test
    void emptySetsAndNaNAreRefusedInOneLine() {
        assertThatThrownBy(() -> Detection.of(new double[0], new double[] {1}))
                .isInstanceOf(BadInputException.class).hasMessageContaining("0 in-distribution");
        assertThatThrownBy(() -> Detection.of(new double[] {1}, new double[] {Double.NaN}))
                .isInstanceOf(BadInputException.class).hasMessageContaining("NaN");
    }
}

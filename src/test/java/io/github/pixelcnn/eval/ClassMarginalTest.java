package io.github.pixelcnn.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.ConditionSource;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.ModelType;
import io.github.pixelcnn.model.PixelModel;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** log p(x) = logsumexp_y [log p(y) + log p(x|y)] of a class model, against the sum done by hand. */
class ClassMarginalTest {
    @Test
    void marginalScoresAndEvaluationEqualTheHandSumOverClasses() {
        ModelConfig cfg = ModelConfig.builder().setImage(1, 8, 8).optType(ModelType.GATED).optLayers(2).optChannels(8).optKernels(3, 3).optHeadChannels(16).optLevels(256).optConditioning(Conditioning.CLASS, 3).build();
        double[] prior = {0.5, 0.3, 0.2};
        byte[] px = new byte[5 * 64];
        new Random(3).nextBytes(px);
        ImageDataset data = ImageDataset.unlabeled("random", px, 5, 1, 8, 8);
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            PixelModel model = PixelModel.create(cfg);
            model.initialize(m);
            // By hand: -log p(x|y) per image from the ordinary scorer, one class at a time.
            double[][] given = new double[3][5];
            for (int y = 0; y < 3; y++) {
                ConditionSource h = ConditionSource.given(model, data, Condition.sameClass(y, 5, 3));
                Scorer.Scores s = Scorer.score(model, data, h, 5, 2, m);
                for (int i = 0; i < 5; i++) {
                    given[y][i] = s.bitsPerDim()[i] * 64 * Math.log(2); // nats
                }
            }
            ConditionSource marginal = ConditionSource.given(model, data, Condition.marginal(prior));
            Scorer.Scores scores = Scorer.score(model, data, marginal, 5, 2, m);
            double mean = 0;
            for (int i = 0; i < 5; i++) {
                // -log Σ_y p(y) exp(-nats_y), with the smallest nats factored out so nothing underflows.
                double least = Math.min(given[0][i], Math.min(given[1][i], given[2][i]));
                double sum = 0;
                for (int y = 0; y < 3; y++) {
                    sum += prior[y] * Math.exp(least - given[y][i]);
                }
                double byHand = least - Math.log(sum);
                double nats = scores.bitsPerDim()[i] * 64 * Math.log(2);
                assertThat(nats).as("image %d", i).isCloseTo(byHand, within(1e-2));
                double mapSum = 0;
                for (int k = 0; k < 64; k++) {
                    mapSum += scores.nats()[i * 64 + k];
                }
                assertThat(mapSum).as("the per-sub-pixel map of image %d sums to -log p(x)", i)
                        .isCloseTo(byHand, within(1e-2));
                mean += byHand / 5;
            }
            EvalResult eval = Evaluator.evaluate(model, data, marginal, 2, 0, m);
            assertThat(eval.natsPerImage()).isCloseTo(mean, within(1e-2));
        }
    }

    @Test
    void combineWalksTheModelsOrderAndHandlesAClassOfPriorZero() {
        // Two classes, one image of 1 channel and 2 positions: per-sub-pixel nats given each class.
        float[][] given = {{1f, 2f}, {3f, 0.5f}};
        ClassMarginal.Nats out = ClassMarginal.combine(given, new double[] {0.25, 0.75}, 1, 1, 2);
        double total = -Math.log(0.25 * Math.exp(-3) + 0.75 * Math.exp(-3.5));
        double first = -Math.log(0.25 * Math.exp(-1) + 0.75 * Math.exp(-3));
        assertThat(out.perImage()[0]).isCloseTo(total, within(1e-9));
        assertThat((double) out.nats()[0]).isCloseTo(first, within(1e-6));
        assertThat((double) out.nats()[1]).isCloseTo(total - first, within(1e-6));
        ClassMarginal.Nats onlyFirst = ClassMarginal.combine(new float[][] {given[0], null}, new double[] {1, 0}, 1, 1, 2);
        assertThat(onlyFirst.perImage()[0]).isCloseTo(3, within(1e-9));
    }
}

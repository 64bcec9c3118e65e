package io.github.pixelcnn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import io.github.pixelcnn.data.Batches;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.Likelihood;
import io.github.pixelcnn.model.PixelModel;
import org.junit.jupiter.api.Test;

/**
 * {@code --clip-grad}: the gradient that Adam consumes has a global norm of at most the limit, in
 * the same direction; without a limit, or under it, the gradient is untouched.
 */
class ClipGradTest {
    private static final long SEED = 4;

    /** Back-propagates one batch's mean NLL and returns the global gradient norm as measured by hand. */
    private static double backward(PixelModel model, ImageDataset data, NDManager manager) {
        try (NDManager step = manager.newSubManager()) {
            NDArray x = Batches.builder().setData(data).setBatchSize(data.size()).build()
                    .epoch(0).next().images(step); // (N, C, H, W)
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(Likelihood.meanNats(model.logits(x, Condition.none()), x)); // ()
            }
        }
        return handNorm(model, manager);
    }

    private static double handNorm(PixelModel model, NDManager manager) {
        double sum = 0;
        for (Pair<String, Parameter> p : model.namedParameters()) {
            try (NDArray g = p.getValue().getArray().getGradient()) {
                for (double v : g.toType(DataType.FLOAT64, false).toDoubleArray()) {
                    sum += v * v;
                }
            }
        }
        return Math.sqrt(sum);
    }

    private static double[] gradient(PixelModel model) {
        return model.namedParameters().stream()
                .flatMap(p -> {
                    try (NDArray g = p.getValue().getArray().getGradient()) {
                        return java.util.Arrays.stream(g.toType(DataType.FLOAT64, false).toDoubleArray()).boxed();
                    }
                })
                .mapToDouble(Double::doubleValue)
                .toArray();
    }

    @Test
    void clippedGradientNormIsAtMostTheLimit() {
        ImageDataset data = TrainFixtures.patterns(8, SEED);
        try (NDManager manager = NDManager.newBaseManager()) {
            PixelModel model = TrainFixtures.model(TrainFixtures.tiny(16), SEED, manager);
            try (Adam adam = new Adam(model.namedParameters(), manager)) {
                double norm = backward(model, data, manager);
                double[] before = gradient(model);
                double limit = norm / 4;
                assertThat(adam.gradientNorm(limit)).as("reports the norm before clipping").isCloseTo(norm, within(norm * 1e-4));
                double after = handNorm(model, manager);
                System.out.printf("gradient norm %.4f clipped to %.4f (limit %.4f)%n", norm, after, limit);
                assertThat(after).isLessThanOrEqualTo(limit * (1 + 1e-5));
                assertThat(after).isCloseTo(limit, within(limit * 1e-4));
                double[] clipped = gradient(model);
                for (int i = 0; i < before.length; i++) { // same direction: scaled by limit / norm
                    assertThat(clipped[i]).isCloseTo(before[i] * limit / norm, within(1e-6 + Math.abs(before[i]) * 1e-4));
                }

                adam.zeroGradients();
                double again = backward(model, data, manager);
                adam.gradientNorm(again * 2); // under the limit
                assertThat(handNorm(model, manager)).isCloseTo(again, within(again * 1e-6));
                adam.gradientNorm(0); // off
                assertThat(handNorm(model, manager)).isCloseTo(again, within(again * 1e-6));
            }
        }
    }
}

package io.github.pixelcnn.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.Likelihood;
import io.github.pixelcnn.model.PixelModel;

/**
 * One optimizer step, the only one in the project: forward, mean negative log-likelihood in nats
 * per sub-pixel, backward, the loss read back, the global gradient norm (clipped when asked), then
 * a fused Adam update, or no update at all when the loss or the gradients are not finite.
 * {@link Trainer} runs it on each batch and {@code bench.Benchmark} times it, so the benchmark
 * measures what trains.
 */
public final class TrainingStep {
    private final PixelModel model;
    private final Adam adam;
    private final double clipGrad;

    /** What one step did. {@code loss} is in nats per sub-pixel; {@code applied} is false for a skipped step. */
    public record Outcome(double loss, double gradientNorm, boolean applied) {
        /** Which number was not finite, for a skipped step: "loss" or "gradient". */
        public String fault() {
            return Double.isFinite(loss) ? "gradient" : "loss";
        }
    }

    /** @param clipGrad the largest global gradient norm applied, 0 = no clipping */
    public TrainingStep(PixelModel model, Adam adam, double clipGrad) {
        this.model = model;
        this.adam = adam;
        this.clipGrad = clipGrad;
    }

    /**
     * Runs the step on one batch. The caller makes {@code images} in a per-step sub-manager and
     * closes it afterwards: every activation joins that manager, so native memory stays flat.
     *
     * @param images (B, C, H, W) uint8
     * @param condition h of the B images: {@link Condition#none()}, their rows, or the auto-encoder's
     *     {@link Condition#ownCode()}
     * @param learningRate Adam's step size for this step
     */
    public Outcome apply(NDArray images, Condition condition, float learningRate) {
        double loss;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray nats = Likelihood.meanNats(model.logits(images, condition), images); // ()
            gc.backward(nats);
            loss = nats.getFloat();
        }
        double norm = adam.gradientNorm(clipGrad);
        if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
            // A non-finite step is skipped, never applied: the last good parameters stay.
            adam.zeroGradients();
            return new Outcome(loss, norm, false);
        }
        adam.step(learningRate);
        return new Outcome(loss, norm, true);
    }
}

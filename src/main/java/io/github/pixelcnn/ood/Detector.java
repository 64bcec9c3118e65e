package io.github.pixelcnn.ood;

import io.github.pixelcnn.model.PixelModel;

/**
 * What a server needs beside its model to judge uploads: a background model for the likelihood
 * ratio (or null), and a calibrated threshold (or null) that says which uploads to flag.
 *
 * @param background trained with {@link Perturbation}; null scores without the ratio
 * @param backgroundClassPrior p(y) when the background model is class-conditional, else null
 * @param threshold the deployed decision rule; null reports the scores without a verdict
 */
public record Detector(PixelModel background, double[] backgroundClassPrior, Threshold threshold) {
    /** The scorer of {@code model} (with its class prior) against this background. */
    public OodScorer scorer(PixelModel model, double[] classPrior, int batch) {
        OodScorer.Builder b = OodScorer.builder().setModel(model, classPrior).optBatch(batch).optMaps(true);
        if (background != null) {
            b.optBackground(background, backgroundClassPrior);
        }
        return b.build();
    }
}

package io.github.pixelcnn.sample;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.GatedPixelCNN;
import io.github.pixelcnn.model.PixelModel;

/**
 * Ancestral sampling of {@code p(x|h) = Π_i p(x_i | x_<i, h)} in raster order, R→G→B inside a
 * pixel, with temperature and one seed.
 *
 * <p>Every implementation draws in the same order from one {@link java.util.SplittableRandom}:
 * for each row, column and colour, one uniform number per image whose sub-pixel is unknown, in
 * image order, turned into a level by the inverse CDF. Samplers that compute the same
 * conditionals therefore give the same images for the same seed. Completion (inpainting) is the
 * same loop with some sub-pixels given.
 */
public interface Sampler {
    /**
     * Fills the unknown sub-pixels of {@code images} in place and returns it.
     *
     * @param condition h for the n images, of the kind the model was trained on: none, class
     *     labels, vectors, or (auto-encoder) codes that stay fixed while the images are drawn by
     *     its decoder; not the class marginal
     * @param images n images, uint8 (N, C, H, W) flattened; unknown entries may hold anything
     * @param known per sub-pixel (N·C·H·W), true where the value is given; null = none
     * @param temperature divides the logits before the softmax; 1 samples the model itself
     * @throws io.github.pixelcnn.BadInputException for an h that does not fit the model
     */
    byte[] complete(
            PixelModel model,
            Condition condition,
            byte[] images,
            boolean[] known,
            int n,
            float temperature,
            long seed,
            NDManager manager);

    /** Draws n new images given h, uint8 (N, C, H, W) flattened. */
    default byte[] sample(
            PixelModel model, Condition condition, int n, float temperature, long seed, NDManager manager) {
        return complete(model, condition, new byte[n * model.config().dims()], null, n, temperature, seed, manager);
    }

    /** The fastest exact sampler for the model: cached for the Gated PixelCNN, naive otherwise. */
    static Sampler forModel(PixelModel model) {
        return hasCachedPath(model) ? new CachedGatedSampler() : new NaiveSampler();
    }

    /**
     * The cached path covers the Gated PixelCNN with global conditioning (or none); a spatial map
     * m(h) would need its rows cached too, so those models sample naively.
     */
    static boolean hasCachedPath(PixelModel model) {
        return model instanceof GatedPixelCNN
                && (!model.config().isConditional()
                        || model.config().form() == io.github.pixelcnn.model.ConditioningForm.GLOBAL);
    }

    /**
     * A sampler by name: {@code cached} (Gated PixelCNN only) or {@code naive}.
     *
     * @throws BadInputException for an unknown name or cached on a model without a cached path
     */
    static Sampler named(String name, PixelModel model) {
        return switch (name) {
            case "naive" -> new NaiveSampler();
            case "cached" -> {
                if (!hasCachedPath(model)) {
                    throw new BadInputException(
                            "--sampler cached: only the Gated PixelCNN with global conditioning has a cached"
                                    + " sampler; use naive for this " + model.config().type() + " model");
                }
                yield new CachedGatedSampler();
            }
            default -> throw new BadInputException("--sampler must be cached or naive, got " + name);
        };
    }
}

package io.github.pixelcnn.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadParameterException;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.PixelCNN;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;

/**
 * Ancestral sampling of {@code p(x|h) = Π_i p(x_i | x_<i, h)} in raster order, R→G→B inside a
 * pixel, with temperature and one seed.
 *
 * <p>Every implementation runs the same {@link RasterLoop}: for each row, column and colour, one
 * uniform number per image whose sub-pixel is unknown, in image order, from one {@link
 * java.util.SplittableRandom} (or one per image, {@link #sampleEach}), turned into a level by the
 * inverse CDF. Samplers differ only in how they compute the conditionals, so samplers that compute
 * the same ones give the same images for the same seed. Completion (inpainting) is the same loop with some sub-pixels given.
 */
public interface Sampler {
    /**
     * The sampling core: {@code net} draws the unknown sub-pixels of {@code images} in place.
     *
     * @param net the network that draws: the model itself, or an auto-encoder's decoder
     * @param h the condition as (N, K) float32 (a one-hot for classes, a vector, an
     *     auto-encoder's code), or null when {@code net} is unconditional; fixed for the whole run
     * @param images n images, uint8 (N, C, H, W) flattened; unknown entries may hold anything
     * @param known per sub-pixel (N·C·H·W), true where the value is given; null = none
     * @param temperature divides the logits before the softmax; 1 samples the model itself
     * @param uniforms the random numbers: one stream for the batch, or one per image
     * @param session a manager that lives for the whole run; rows and steps use sub-managers of it
     */
    void fill(
            PixelModel net,
            NDArray h,
            byte[] images,
            boolean[] known,
            int n,
            float temperature,
            Uniforms uniforms,
            NDManager session);

    /** {@link #fill(PixelModel, NDArray, byte[], boolean[], int, float, Uniforms, NDManager)} with one stream. */
    default void fill(
            PixelModel net,
            NDArray h,
            byte[] images,
            boolean[] known,
            int n,
            float temperature,
            long seed,
            NDManager session) {
        fill(net, h, images, known, n, temperature, Uniforms.shared(seed), session);
    }

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
    default byte[] complete(
            PixelModel model,
            Condition condition,
            byte[] images,
            boolean[] known,
            int n,
            float temperature,
            long seed,
            NDManager manager) {
        checkArguments(model, condition, images, known, n, temperature);
        try (NDManager session = manager.newSubManager()) {
            fill(model.autoregressive(), condition.toArray(session), images, known, n, temperature, seed, session);
        }
        return images;
    }

    /** Draws n new images given h, uint8 (N, C, H, W) flattened. */
    default byte[] sample(
            PixelModel model, Condition condition, int n, float temperature, long seed, NDManager manager) {
        return complete(model, condition, new byte[n * model.config().dims()], null, n, temperature, seed, manager);
    }

    /**
     * Draws one image per seed, in one batch, image i from its own stream seeded {@code seeds[i]}:
     * image i is {@code sample(model, h_i, 1, temperature, seeds[i], manager)}, whatever else the
     * batch holds (up to float rounding of the batched network, which moves a draw only when a
     * uniform falls within rounding of a level's cumulative probability). For jobs whose batches
     * depend on how the work is split, such as a Spark job over image ids.
     *
     * @param condition h for the seeds.length images
     * @return uint8 (N, C, H, W) flattened
     */
    default byte[] sampleEach(
            PixelModel model, Condition condition, long[] seeds, float temperature, NDManager manager) {
        int n = seeds.length;
        byte[] images = new byte[n * model.config().dims()];
        checkArguments(model, condition, images, null, n, temperature);
        try (NDManager session = manager.newSubManager()) {
            fill(model.autoregressive(), condition.toArray(session), images, null, n, temperature,
                    Uniforms.perImage(seeds), session);
        }
        return images;
    }

    /**
     * The cached sampler of the model's network: {@link CachedMaskedSampler} for the masked
     * PixelCNN, {@link CachedGatedSampler} for the Gated PixelCNN in every conditioning form and
     * for the auto-encoder, whose decoder is one.
     */
    static Sampler forModel(PixelModel model) {
        return model instanceof PixelCNN ? new CachedMaskedSampler() : new CachedGatedSampler();
    }

    /**
     * A sampler by name: {@code cached} (the default, {@link #forModel}) or {@code naive}, the
     * reference that runs the whole network per sub-pixel; both give the same images for the same
     * seed.
     *
     * @throws BadParameterException for an unknown name
     */
    static Sampler named(String name, PixelModel model) {
        return switch (name) {
            case "naive" -> new NaiveSampler();
            case "cached" -> forModel(model);
            default -> throw new BadParameterException("sampler", "must be cached or naive, got " + name);
        };
    }

    /** Rejects arguments that do not fit the model or each other, h included. */
    private static void checkArguments(
            PixelModel model, Condition condition, byte[] images, boolean[] known, int n, float temperature) {
        ModelConfig cfg = model.config();
        if (!(temperature > 0)) {
            throw new BadParameterException("temperature", "must be positive, got " + temperature);
        }
        if (n < 1 || images.length != n * cfg.dims() || (known != null && known.length != images.length)) {
            throw new IllegalArgumentException(
                    "need " + n + " images of " + cfg.dims() + " sub-pixels and a mask of the same size");
        }
        condition.requireFits(cfg, n);
        condition.requirePerImage("sampling");
    }
}

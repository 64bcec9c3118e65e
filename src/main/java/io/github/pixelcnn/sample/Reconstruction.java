package io.github.pixelcnn.sample;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadParameterException;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.PixelCnnAutoEncoder;

/** Each image beside K samples of the auto-encoder's decoder given the image's code (§3.4, Figure 5). */
public final class Reconstruction {
    private Reconstruction() {}

    /**
     * @param sampler how to draw: {@link Sampler#forModel} (cached) or {@link NaiveSampler}; both
     *     give the same images for the same seed
     * @return {@code images.size() · (perInput + 1)} images, uint8 (N, C, H, W), one row per input:
     *     the original, then its K samples
     */
    public static byte[] sample(Sampler sampler, PixelCnnAutoEncoder ae, ImageDataset images, int perInput,
            float temperature, long seed, NDManager manager) {
        if (perInput < 1) {
            throw new BadParameterException("perInput", "must be at least 1, got " + perInput);
        }
        int rows = images.size();
        Condition codes = Condition.encode(ae, images.pixels(), rows, 64, manager); // each image encoded once
        byte[] samples = sampler.sample(ae, codes.repeat(perInput), rows * perInput, temperature, seed,
                manager);
        int d = ae.config().dims();
        byte[] grid = new byte[rows * (perInput + 1) * d];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(images.pixels(), r * d, grid, r * (perInput + 1) * d, d);
            System.arraycopy(samples, r * perInput * d, grid, (r * (perInput + 1) + 1) * d, perInput * d);
        }
        return grid;
    }
}

package io.github.pixelcnn.vq;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.ConfigJson;

/**
 * The hyperparameters of a VQ-VAE (van den Oord, Vinyals and Kavukcuoglu, "Neural Discrete
 * Representation Learning", NIPS 2017): everything needed to rebuild it, saved in its checkpoint.
 *
 * @param imageChannels 1 (gray) or 3 (RGB)
 * @param height image height, divisible by {@code 2^downsamples}
 * @param width image width, divisible by {@code 2^downsamples}
 * @param hidden channels of the encoder's and decoder's convolutions
 * @param residualBlocks residual blocks in the encoder and, again, in the decoder
 * @param downsamples stride-2 convolutions: the code grid is {@code H/2^d × W/2^d} (2: 28×28 → 7×7)
 * @param codes K, the codebook's size; at most 256, since the prior over the codes is a PixelCNN
 *     with K levels
 * @param codeDim D, the length of each code vector
 * @param beta the commitment loss's weight β (0.25 in the paper)
 * @param decay γ of the codebook's exponential moving averages (0.99 in the paper's appendix)
 * @param restartBelow a code whose moving-average count falls below this is restarted from an
 *     encoder output of the current batch (dead-code restart, as in Jukebox, Dhariwal et al. 2020)
 */
public record VqVaeConfig(
        int imageChannels,
        int height,
        int width,
        int hidden,
        int residualBlocks,
        int downsamples,
        int codes,
        int codeDim,
        double beta,
        double decay,
        double restartBelow) {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    public VqVaeConfig {
        require(imageChannels == 1 || imageChannels == 3, "image channels must be 1 or 3, got " + imageChannels);
        require(hidden >= 2 && hidden % 2 == 0, "hidden channels must be even and at least 2, got " + hidden);
        require(residualBlocks >= 0, "residual blocks must not be negative, got " + residualBlocks);
        require(downsamples >= 1 && downsamples <= 4, "downsamples must be in 1..4, got " + downsamples);
        int step = 1 << downsamples;
        require(height >= step && width >= step && height % step == 0 && width % step == 0,
                "image size " + height + "x" + width + " must be a multiple of " + step + " (2^downsamples)");
        require(codes >= 2 && codes <= 256, "codes K must be in 2..256 (the prior is a PixelCNN over K levels), got "
                + codes);
        require(codeDim >= 1, "code dimension D must be positive, got " + codeDim);
        require(beta >= 0 && Double.isFinite(beta), "beta must be finite and not negative, got " + beta);
        require(decay > 0 && decay < 1, "decay must be in (0, 1), got " + decay);
        require(restartBelow >= 0 && Double.isFinite(restartBelow), "restartBelow must not be negative, got "
                + restartBelow);
    }

    /** The paper's settings for {@code channels × height × width} images: β 0.25, decay 0.99. */
    public static VqVaeConfig of(int imageChannels, int height, int width, int codes, int codeDim) {
        return new VqVaeConfig(imageChannels, height, width, 64, 2, 2, codes, codeDim, 0.25, 0.99, 1.0);
    }

    /** Rows of the code grid, {@code H / 2^downsamples}. */
    public int gridHeight() {
        return height >> downsamples;
    }

    /** Columns of the code grid, {@code W / 2^downsamples}. */
    public int gridWidth() {
        return width >> downsamples;
    }

    public String toJson() {
        return GSON.toJson(this);
    }

    public static VqVaeConfig fromJson(String json) {
        return ConfigJson.parse(GSON, json, VqVaeConfig.class, "VQ-VAE config");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new BadInputException("VQ-VAE config: " + message);
        }
    }
}

package io.github.pixelcnn.sample;

import io.github.pixelcnn.model.ModelConfig;

/**
 * The images being drawn, read as the network's input: sub-pixel (i, c, y, x) of the uint8
 * (N, C, H, W) buffer, mapped from levels 0…L-1 to [-1, 1] in the same float operations as
 * {@link io.github.pixelcnn.model.PixelModel}'s input scaling, v·(2/(L-1)) − 1, so cached steps
 * see exactly the values a full forward pass sees.
 */
final class ScaledPixels {
    private final byte[] images;
    private final int plane;
    private final int dims;
    private final int width;
    private final float scale;

    ScaledPixels(ModelConfig cfg, byte[] images) {
        this.images = images;
        this.width = cfg.width();
        this.plane = cfg.height() * cfg.width();
        this.dims = cfg.dims();
        this.scale = 2f / (cfg.levels() - 1);
    }

    /** Sub-pixel (i, c, y, x) in [-1, 1]. */
    float at(int i, int c, int y, int x) {
        return (float) (images[i * dims + c * plane + y * width + x] & 0xff) * scale - 1f;
    }
}

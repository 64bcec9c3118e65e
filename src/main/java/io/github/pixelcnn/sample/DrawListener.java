package io.github.pixelcnn.sample;

/**
 * Watches a sampling run sub-pixel by sub-pixel, e.g. to stream the image as it is drawn. The
 * {@link RasterLoop} calls it right after it has drawn sub-pixel (y, x, ch) of every image that
 * left it unknown; sub-pixels every image knows are not reported.
 *
 * <p>A listener stops the run by throwing: the exception leaves the sampler with every manager
 * of the run closed, and {@code images} holds what was drawn until then.
 */
@FunctionalInterface
public interface DrawListener {
    /**
     * @param images the n images being drawn, uint8 (N, C, H, W) flattened; read, never write
     */
    void drawn(int y, int x, int ch, byte[] images);
}

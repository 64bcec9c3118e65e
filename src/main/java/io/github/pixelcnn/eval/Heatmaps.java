package io.github.pixelcnn.eval;

import io.github.pixelcnn.data.ImageGrid;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Anomaly maps: each image beside its per-pixel negative log-likelihood (summed over channels),
 * black → red → yellow → white on one scale for all images, so maps compare across pages. Many
 * images go to several pages of {@code perPage} images each instead of one enormous PNG.
 */
public final class Heatmaps {
    /** Images per page: 25 rows of 4 image|map pairs. */
    public static final int PER_PAGE = 100;

    private static final int PAIRS_PER_ROW = 4;
    private static final int SCALE = 4;

    private final byte[] pixels;
    private final float[] perPixel;
    private final float max;
    private final int count;
    private final int channels;
    private final int height;
    private final int width;

    /**
     * @param pixels the images, uint8 (N, C, H, W); the first {@code count} are mapped
     * @param nats {@code -log p} per sub-pixel of those images, (count, C, H, W)
     */
    public Heatmaps(byte[] pixels, float[] nats, int count, int channels, int height, int width) {
        this.pixels = pixels;
        this.count = count;
        this.channels = channels;
        this.height = height;
        this.width = width;
        int plane = height * width;
        perPixel = new float[count * plane];
        for (int i = 0; i < count; i++) {
            for (int ch = 0; ch < channels; ch++) {
                for (int p = 0; p < plane; p++) {
                    perPixel[i * plane + p] += nats[(i * channels + ch) * plane + p];
                }
            }
        }
        float m = 1e-6f;
        for (float v : perPixel) {
            m = Math.max(m, v);
        }
        max = m;
    }

    /** Pages for {@code count} images. */
    public static int pages(int count) {
        return (count + PER_PAGE - 1) / PER_PAGE;
    }

    /** {@code heatmaps.png} when one page holds all images, else {@code heatmaps-001.png}, … */
    public static String fileName(int page, int pages) {
        return pages == 1 ? "heatmaps.png" : String.format(Locale.ROOT, "heatmaps-%03d.png", page + 1);
    }

    /** Writes page {@code page}: images {@code page·PER_PAGE} … as RGB pairs, image then map. */
    public void write(int page, Path png) {
        int from = page * PER_PAGE;
        int n = Math.min(PER_PAGE, count - from);
        int plane = height * width;
        byte[] grid = new byte[2 * n * 3 * plane];
        for (int i = 0; i < n; i++) {
            int image = 2 * i * 3 * plane;
            int map = image + 3 * plane;
            for (int ch = 0; ch < 3; ch++) {
                int source = ((from + i) * channels + (channels == 1 ? 0 : ch)) * plane;
                System.arraycopy(pixels, source, grid, image + ch * plane, plane);
            }
            for (int p = 0; p < plane; p++) {
                int rgb = heat(perPixel[(from + i) * plane + p] / max);
                grid[map + p] = (byte) (rgb >> 16);
                grid[map + plane + p] = (byte) (rgb >> 8);
                grid[map + 2 * plane + p] = (byte) rgb;
            }
        }
        ImageGrid.write(png, grid, 2 * n, 3, height, width, 2 * PAIRS_PER_ROW, SCALE);
    }

    /** Image {@code i}'s map as 0xRRGGBB per pixel, (H, W) flattened, on the scale shared by all images. */
    public int[] colours(int i) {
        int plane = height * width;
        int[] rgb = new int[plane];
        for (int p = 0; p < plane; p++) {
            rgb[p] = heat(perPixel[i * plane + p] / max);
        }
        return rgb;
    }

    /** Black → red → yellow → white for 0 … 1: the NLL's anomaly colour scale. */
    public static int heat(float t) {
        float v = Math.max(0, Math.min(1, t)) * 3;
        int r = (int) (255 * Math.min(1, v));
        int g = (int) (255 * Math.max(0, Math.min(1, v - 1)));
        int b = (int) (255 * Math.max(0, Math.min(1, v - 2)));
        return (r << 16) | (g << 8) | b;
    }
}

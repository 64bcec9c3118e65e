package io.github.pixelcnn.data;

import io.github.pixelcnn.BadInputException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes a batch of uint8 NCHW images as one PNG: {@code cols} images per row, rows as needed,
 * each image upscaled by an integer factor (nearest neighbour, so single pixels stay visible),
 * with a {@value #GAP}-pixel white gap between neighbours, as PNG or JPEG after the file's
 * extension ({@link #format}). The file is replaced atomically
 * ({@link AtomicFile}), so a viewer polling samples during training never sees half an image.
 *
 * <p>The PNG is {@code cols*w*scale + (cols-1)*GAP} pixels wide and {@code rows*h*scale +
 * (rows-1)*GAP} high, with {@code cols} reduced to {@code n} when there are fewer images.
 */
public final class ImageGrid {
    /** Pixels between neighbouring images. */
    public static final int GAP = 2;

    private ImageGrid() {}

    /**
     * @param pixels {@code n} images of {@code c} (1 or 3) channels of {@code h x w}, NCHW
     * @param cols images per row
     * @param scale integer upscale factor, 1 for none
     */
    public static void write(
            Path png, byte[] pixels, int n, int c, int h, int w, int cols, int scale) {
        if (n <= 0 || h <= 0 || w <= 0 || cols <= 0 || scale <= 0) {
            throw new IllegalArgumentException(
                    String.format(
                            "%s: n=%d, h=%d, w=%d, cols=%d, scale=%d must all be positive",
                            png, n, h, w, cols, scale));
        }
        if (c != 1 && c != 3) {
            throw new IllegalArgumentException(png + ": " + c + " channels, expected 1 or 3");
        }
        if (pixels.length != (long) n * c * h * w) {
            throw new IllegalArgumentException(
                    String.format(
                            "%s: %d bytes, expected %d images x %d x %d x %d",
                            png, pixels.length, n, c, h, w));
        }
        int columns = Math.min(cols, n);
        int rows = (n + columns - 1) / columns;
        long width = (long) columns * w * scale + (long) (columns - 1) * GAP;
        long height = (long) rows * h * scale + (long) (rows - 1) * GAP;
        if (width * height > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException(
                    png + ": grid of " + width + "x" + height + " pixels is too large");
        }
        String format = format(png);
        BufferedImage grid = toImage(pixels, n, c, h, w, columns, scale, (int) width, (int) height);
        AtomicFile.write(png, out -> encode(grid, format, out));
    }

    /**
     * The image format that {@link #write} uses for this file: {@code png} for {@code .png},
     * {@code jpeg} for {@code .jpg} and {@code .jpeg}.
     *
     * @throws BadInputException for any other name, so that no file holds another format than its
     *     name says
     */
    public static String format(Path file) {
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (lower.endsWith(".png")) {
            return "png";
        }
        if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
            return "jpeg";
        }
        throw new BadInputException(file + ": images are written as .png, .jpg or .jpeg; name the file so");
    }

    /**
     * Encodes {@code image} as PNG through a memory cache. {@code ImageIO.write(image, "png",
     * OutputStream)} would use a temporary-file cache whose cleanup registers a shutdown hook, and
     * that throws once the JVM is shutting down: a grid or curve written after Ctrl-C failed, and
     * with it the run's last checkpoint.
     */
    public static void encodePng(BufferedImage image, OutputStream out) throws IOException {
        encode(image, "png", out);
    }

    private static void encode(BufferedImage image, String format, OutputStream out) throws IOException {
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            if (!ImageIO.write(image, format, stream)) {
                throw new IllegalStateException("no " + format + " writer in javax.imageio");
            }
        }
    }

    private static BufferedImage toImage(
            byte[] pixels, int n, int c, int h, int w, int cols, int scale, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] rgb = new int[width * height];
        Arrays.fill(rgb, 0xffffff);
        int plane = h * w;
        for (int i = 0; i < n; i++) {
            int x0 = (i % cols) * (w * scale + GAP);
            int y0 = (i / cols) * (h * scale + GAP);
            int base = i * c * plane;
            for (int y = 0; y < h * scale; y++) {
                for (int x = 0; x < w * scale; x++) {
                    int p = base + (y / scale) * w + x / scale;
                    int r = pixels[p] & 0xff;
                    int g = c == 1 ? r : pixels[p + plane] & 0xff;
                    int b = c == 1 ? r : pixels[p + 2 * plane] & 0xff;
                    rgb[(y0 + y) * width + x0 + x] = (r << 16) | (g << 8) | b;
                }
            }
        }
        image.setRGB(0, 0, width, height, rgb, 0, width);
        return image;
    }
}

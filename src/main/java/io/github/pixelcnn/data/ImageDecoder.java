package io.github.pixelcnn.data;

import io.github.pixelcnn.BadInputException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The one place where an image file (PNG or JPEG) is decoded. It reads the header first, with the
 * image reader's {@code getWidth}/{@code getHeight}, and refuses what does not fit a {@link Limit}
 * before a single pixel is decoded: a 1.5 MB PNG can claim 40000×40000 pixels and decompress to
 * gigabytes, so deciding after decoding is too late for a server or a training run.
 *
 * <p>Images with alpha are composited over white, since transparent pixels carry no colour of
 * their own (an emoji's transparent border is white paper, not black). Gray images stay gray:
 * their samples are rescaled from the bit depth, not drawn, because Java2D's gray conversion
 * applies a gamma curve that would change the stored intensities.
 */
public final class ImageDecoder {
    /**
     * The largest image accepted when it is to be resized: 4096×4096 (16.8 megapixels, a
     * 12-megapixel camera photo fits). Larger claims are refused from the header.
     */
    public static final long MAX_PIXELS = 1L << 24;

    /**
     * The largest image decoded at full resolution: beyond it an image that is to be resized is
     * decoded with source subsampling to at most this many pixels, so decoding never holds more
     * than a few tens of MB whatever the file claims. Also the largest image kept at its own size
     * (1024×1024), which is far beyond what a PixelCNN models.
     */
    public static final long MAX_DIRECT_PIXELS = 1L << 20;

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] JPEG_MAGIC = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};

    private ImageDecoder() {}

    /**
     * What a caller accepts: images of exactly {@code height × width}, or any size up to a bound
     * (height and width 0), or, when {@code resizes}, images up to {@link #MAX_PIXELS} scaled to
     * {@code height × width}.
     */
    public record Limit(int height, int width, boolean resizes) {
        public Limit {
            if (height < 0 || width < 0 || (height == 0) != (width == 0) || (resizes && height == 0)) {
                throw new IllegalArgumentException("bad image limit " + height + "x" + width);
            }
        }

        /** Only images of {@code height × width}: anything else is refused from its header. */
        public static Limit exactly(int height, int width) {
            return new Limit(height, width, false);
        }

        /** Images of up to {@link #MAX_DIRECT_PIXELS}, kept at their size. */
        public static Limit any() {
            return new Limit(0, 0, false);
        }

        /** Images of up to {@link #MAX_PIXELS}, scaled to a {@code side × side} square. */
        public static Limit resizedTo(int side) {
            if (side < 1) {
                throw new BadInputException("resize " + side + ": must be positive");
            }
            return new Limit(side, side, true);
        }

        /** Images of up to {@link #MAX_PIXELS}, each scaled to {@code height × width} when it is another size. */
        public static Limit resizedTo(int height, int width) {
            return new Limit(height, width, true);
        }
    }

    /** A header read without decoding: the size the file claims, and its format. */
    public record Header(int width, int height, String format) {
        long pixels() {
            return (long) width * height;
        }
    }

    /** True when the file starts like a PNG or a JPEG, whatever its name. */
    public static boolean looksLikeImage(Path file) {
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            return false;
        }
        return startsWith(head, n, PNG_MAGIC) || startsWith(head, n, JPEG_MAGIC);
    }

    private static boolean startsWith(byte[] head, int n, byte[] magic) {
        if (n < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (head[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /** The file's claimed size, read from its header only; refuses what is not a PNG or JPEG. */
    public static Header header(Path file) {
        try (ImageInputStream stream = open(file)) {
            ImageReader reader = reader(file, stream);
            try {
                return header(file, reader);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /**
     * Decodes {@code file} within {@code limit}, as an image of the limit's target size when it
     * resizes. The header is checked first; an image beyond the limit is never decoded.
     */
    public static BufferedImage read(Path file, Limit limit) {
        try (ImageInputStream stream = open(file)) {
            ImageReader reader = reader(file, stream);
            try {
                Header header = header(file, reader);
                check(file, header, limit);
                ImageReadParam param = reader.getDefaultReadParam();
                int step = limit.resizes() ? subsampling(header.pixels()) : 1;
                param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage image = reader.read(0, param);
                if (!limit.resizes()) {
                    return image;
                }
                return image.getWidth() == limit.width() && image.getHeight() == limit.height()
                        ? image : scale(standard(image), limit.height(), limit.width());
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadInputException bad) {
                throw bad;
            }
            throw unreadable(file, e);
        }
    }

    /** Decodes {@code file} within {@code limit} as 8-bit CHW bytes: 1 channel if gray, else R, G, B planes. */
    static Decoded decode(Path file, Limit limit) {
        return new Decoded(file, standard(read(file, limit)));
    }

    /** Refuses, from the header alone, an image that {@code limit} does not accept. */
    static void check(Path file, Header header, Limit limit) {
        if (header.width() < 1 || header.height() < 1) {
            throw new BadInputException(String.format(Locale.ROOT, "%s: empty image (%dx%d, height x width)", file,
                    header.height(), header.width()));
        }
        if (!limit.resizes() && limit.height() > 0
                && (header.height() != limit.height() || header.width() != limit.width())) {
            throw new BadInputException(String.format(Locale.ROOT, "%s: image is %dx%d (height x width), expected"
                    + " %dx%d; use a resize", file, header.height(), header.width(), limit.height(), limit.width()));
        }
        long max = limit.resizes() ? MAX_PIXELS : MAX_DIRECT_PIXELS;
        if (header.pixels() > max) {
            throw new BadInputException(String.format(Locale.ROOT,
                    "%s: %s header claims %dx%d pixels (height x width), more than the %,d accepted%s; not decoded",
                    file, header.format(), header.height(), header.width(), max,
                    limit.resizes() ? "" : " (more with a resize)"));
        }
    }

    /** The smallest source step that decodes {@code pixels} to at most {@link #MAX_DIRECT_PIXELS}. */
    private static int subsampling(long pixels) {
        int step = 1;
        while (pixels > MAX_DIRECT_PIXELS * step * step) {
            step++;
        }
        return step;
    }

    private static ImageInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such file");
        }
        ImageInputStream stream = ImageIO.createImageInputStream(file.toFile());
        if (stream == null) {
            throw new BadInputException(file + ": cannot be read");
        }
        return stream;
    }

    /** The PNG or JPEG reader for the stream's content (its name does not decide). */
    private static ImageReader reader(Path file, ImageInputStream stream) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            String format = format(reader);
            if (format.equals("png") || format.equals("jpeg")) {
                reader.setInput(stream, true, true);
                return reader;
            }
        }
        throw new BadInputException(file + ": not a PNG or JPEG image");
    }

    private static Header header(Path file, ImageReader reader) throws IOException {
        String format = format(reader).toUpperCase(Locale.ROOT);
        try {
            return new Header(reader.getWidth(0), reader.getHeight(0), format);
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(file + ": not a readable " + format + " image (bad header: "
                    + e.getMessage() + ")", e);
        }
    }

    private static String format(ImageReader reader) {
        try {
            return reader.getFormatName().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            return "";
        }
    }

    private static BadInputException unreadable(Path file, Exception e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new BadInputException(file + ": not a readable PNG or JPEG image (truncated or corrupt: " + why + ")", e);
    }

    /**
     * Copies the image into {@code TYPE_BYTE_GRAY} or {@code TYPE_INT_RGB}, alpha composited over
     * white. Gray samples are rescaled from their bit depth directly, not drawn (see the class doc).
     */
    static BufferedImage standard(BufferedImage image) {
        int type = image.getType();
        if (type == BufferedImage.TYPE_BYTE_GRAY || type == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        ColorModel model = image.getColorModel();
        if (model.getNumColorComponents() == 1) {
            BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            Raster in = image.getRaster();
            int max = (1 << model.getComponentSize(0)) - 1;
            boolean alpha = model.hasAlpha() && in.getNumBands() > 1;
            int maxAlpha = alpha ? (1 << model.getComponentSize(1)) - 1 : 1;
            byte[] target = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int v = (in.getSample(x, y, 0) * 255 + max / 2) / max;
                    if (alpha) {
                        v = overWhite(v, (in.getSample(x, y, 1) * 255 + maxAlpha / 2) / maxAlpha);
                    }
                    target[y * w + x] = (byte) v;
                }
            }
            return out;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) { // row by row, so a large image needs no second full-size int array
            image.getRGB(0, y, w, 1, row, 0, w);
            if (model.hasAlpha()) {
                for (int x = 0; x < w; x++) {
                    int a = row[x] >>> 24;
                    row[x] = overWhite((row[x] >> 16) & 0xff, a) << 16 | overWhite((row[x] >> 8) & 0xff, a) << 8
                            | overWhite(row[x] & 0xff, a);
                }
            }
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        return out;
    }

    /** One 8-bit sample of alpha {@code a} (0..255) composited over white. */
    private static int overWhite(int v, int a) {
        return (v * a + 255 * (255 - a) + 127) / 255;
    }

    private static BufferedImage scale(BufferedImage image, int height, int width) {
        BufferedImage out = new BufferedImage(width, height, image.getType());
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** One decoded image as CHW bytes, with the file it came from for messages. */
    static final class Decoded {
        final Path file;
        final int channels;
        final int height;
        final int width;
        final byte[] pixels;

        Decoded(Path file, BufferedImage standard) {
            this.file = file;
            this.width = standard.getWidth();
            this.height = standard.getHeight();
            int plane = width * height;
            if (standard.getType() == BufferedImage.TYPE_BYTE_GRAY) {
                this.channels = 1;
                this.pixels = ((DataBufferByte) standard.getRaster().getDataBuffer()).getData().clone();
            } else {
                this.channels = 3;
                this.pixels = new byte[3 * plane];
                int[] rgb = standard.getRGB(0, 0, width, height, null, 0, width);
                for (int i = 0; i < plane; i++) {
                    pixels[i] = (byte) (rgb[i] >> 16);
                    pixels[plane + i] = (byte) (rgb[i] >> 8);
                    pixels[2 * plane + i] = (byte) rgb[i];
                }
            }
        }
    }
}

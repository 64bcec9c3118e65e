package io.github.pixelcnn.data;

import io.github.pixelcnn.BadInputException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Loads a folder of PNG or JPEG images laid out one subfolder per class ({@code DIR/<class>/<image>}),
 * the layout of torchvision's {@code ImageFolder}. Labels number the class folders in sorted name
 * order, so the same folder always gives the same labels.
 *
 * <p>The set is gray (1 channel) when every image has a single colour component, and RGB
 * otherwise, with gray images repeated into three channels; alpha is dropped. All images must
 * share one size unless a resize is asked for, in which case each is scaled to a square with
 * bilinear interpolation (which aliases when shrinking by large factors; pre-scale such sets).
 * Hidden files (names starting with a dot) are skipped; any other non-image file is an error,
 * since a stray file in a class folder usually means the folder is not what the user thinks.
 */
public final class ImageFolder {
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg");

    private ImageFolder() {}

    /** The class names of {@code dir}: its non-hidden subfolders, sorted. */
    public static List<String> classNames(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir + ": no such directory");
        }
        List<String> names =
                list(dir).stream()
                        .filter(Files::isDirectory)
                        .map(p -> p.getFileName().toString())
                        .toList();
        if (names.isEmpty()) {
            throw new BadInputException(
                    dir + ": no class subfolders (expected " + dir + "/<class>/<image>.png)");
        }
        return names;
    }

    /**
     * Loads every image under {@code dir}'s class subfolders.
     *
     * @param resize side of the square every image is scaled to, or 0 to keep sizes (which must
     *     then all agree)
     */
    public static ImageDataset load(Path dir, int resize) {
        if (resize < 0) {
            throw new BadInputException("resize " + resize + ": must be positive, or 0 for none");
        }
        List<String> classes = classNames(dir);
        List<Decoded> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        Decoded first = null;
        for (int label = 0; label < classes.size(); label++) {
            Path classDir = dir.resolve(classes.get(label));
            List<Path> files = list(classDir);
            if (files.isEmpty()) {
                throw new BadInputException(classDir + ": no images");
            }
            for (Path file : files) {
                Decoded image = decode(file, resize);
                if (first == null) {
                    first = image;
                } else if (image.width != first.width || image.height != first.height) {
                    throw new BadInputException(
                            String.format(
                                    "%s: %dx%d, expected %dx%d like %s; use a resize",
                                    file, image.width, image.height, first.width, first.height,
                                    first.file));
                }
                images.add(image);
                labels.add(label);
            }
        }
        boolean gray = images.stream().allMatch(d -> d.channels == 1);
        int channels = gray ? 1 : 3;
        int plane = first.width * first.height;
        long total = (long) images.size() * channels * plane;
        if (total > Integer.MAX_VALUE - 8) {
            throw new BadInputException(
                    dir + ": " + images.size() + " images do not fit in one array; use a resize");
        }
        byte[] pixels = new byte[(int) total];
        for (int i = 0; i < images.size(); i++) {
            Decoded image = images.get(i);
            int at = i * channels * plane;
            if (image.channels == channels) {
                System.arraycopy(image.pixels, 0, pixels, at, image.pixels.length);
            } else { // a gray image in an RGB set: one plane repeated three times
                for (int c = 0; c < 3; c++) {
                    System.arraycopy(image.pixels, 0, pixels, at + c * plane, plane);
                }
            }
        }
        int[] ints = labels.stream().mapToInt(Integer::intValue).toArray();
        return ImageDataset.labeled(
                dir.toString(), pixels, images.size(), channels, first.height, first.width, ints,
                classes);
    }

    /**
     * Reads one PNG or JPEG as 8-bit CHW bytes: 1 channel if the image has a single colour
     * component, 3 (R, G, B planes) otherwise.
     */
    static Decoded decode(Path file, int resize) {
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (EXTENSIONS.stream().noneMatch(lower::endsWith)) {
            throw new BadInputException(
                    file + ": not a PNG or JPEG image (expected .png, .jpg or .jpeg)");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(file + ": not a readable PNG or JPEG image", e);
        }
        if (image == null) {
            throw new BadInputException(file + ": not a readable PNG or JPEG image");
        }
        BufferedImage standard = toStandard(image);
        if (resize > 0 && (standard.getWidth() != resize || standard.getHeight() != resize)) {
            standard = scale(standard, resize);
        }
        return new Decoded(file, standard);
    }

    /**
     * Copies the image into {@code TYPE_BYTE_GRAY} or {@code TYPE_INT_RGB}. Gray samples are
     * rescaled from their bit depth directly, not drawn, because Java2D's gray conversion applies
     * a gamma curve that would change the stored intensities.
     */
    private static BufferedImage toStandard(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        ColorModel model = image.getColorModel();
        if (model.getNumColorComponents() == 1) {
            BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            Raster in = image.getRaster();
            int max = (1 << model.getComponentSize(0)) - 1;
            byte[] target = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int v = in.getSample(x, y, 0);
                    target[y * w + x] = (byte) ((v * 255 + max / 2) / max);
                }
            }
            return out;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, image.getRGB(0, 0, w, h, null, 0, w), 0, w);
        return out;
    }

    private static BufferedImage scale(BufferedImage image, int side) {
        BufferedImage out = new BufferedImage(side, side, image.getType());
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(
                    RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, side, side, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Sorted, non-hidden entries of a directory. */
    private static List<Path> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot list: " + e.getMessage(), e);
        }
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
                this.pixels =
                        ((DataBufferByte) standard.getRaster().getDataBuffer()).getData().clone();
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

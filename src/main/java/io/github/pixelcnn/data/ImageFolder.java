package io.github.pixelcnn.data;

import io.github.pixelcnn.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Loads a folder of PNG or JPEG images laid out one subfolder per class ({@code DIR/<class>/<image>}),
 * the layout of torchvision's {@code ImageFolder}. Labels number the class folders in sorted name
 * order, so the same folder always gives the same labels.
 *
 * <p>The set is gray (1 channel) when every image has a single colour component, and RGB
 * otherwise, with gray images repeated into three channels; alpha is composited over white. All
 * images must share one size unless a resize is asked for, in which case each is scaled to a
 * square with bilinear interpolation (which aliases when shrinking by large factors; images past
 * a megapixel are decoded with source subsampling first, see {@link ImageDecoder}).
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
     * Loads every image under {@code dir}'s class subfolders. Every file's header is read before
     * any image is decoded, so a file that claims too many pixels, or another size than the rest,
     * is refused at once rather than after the folder has filled the memory ({@link ImageDecoder}).
     *
     * @param resize side of the square every image is scaled to, or 0 to keep sizes (which must
     *     then all agree)
     */
    public static ImageDataset load(Path dir, int resize) {
        if (resize < 0) {
            throw new BadInputException("resize " + resize + ": must be positive, or 0 for none");
        }
        return load(dir, resize > 0 ? ImageDecoder.Limit.resizedTo(resize) : null);
    }

    /**
     * Loads every image under {@code dir}'s class subfolders within {@code known}, or, when it is
     * null, at the first image's size.
     */
    static ImageDataset load(Path dir, ImageDecoder.Limit known) {
        List<String> classes = classNames(dir);
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            Path classDir = dir.resolve(classes.get(label));
            List<Path> inClass = list(classDir);
            if (inClass.isEmpty()) {
                throw new BadInputException(classDir + ": no images");
            }
            for (Path file : inClass) {
                files.add(file);
                labels.add(label);
            }
        }
        ImageDecoder.Limit limit = known == null ? limit(files) : checked(files, known);
        long total = (long) files.size() * 3 * limit.height() * limit.width();
        if (total > Integer.MAX_VALUE - 8) {
            throw new BadInputException(
                    dir + ": " + files.size() + " images do not fit in one array; use a resize");
        }
        List<ImageDecoder.Decoded> images = new ArrayList<>();
        for (Path file : files) {
            images.add(ImageDecoder.decode(file, limit));
        }
        boolean gray = images.stream().allMatch(d -> d.channels == 1);
        int channels = gray ? 1 : 3;
        ImageDecoder.Decoded first = images.get(0);
        int plane = first.width * first.height;
        byte[] pixels = new byte[images.size() * channels * plane];
        for (int i = 0; i < images.size(); i++) {
            ImageDecoder.Decoded image = images.get(i);
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

    /** {@code limit}, once every file's header is within it. */
    static ImageDecoder.Limit checked(List<Path> files, ImageDecoder.Limit limit) {
        for (Path file : files) {
            requireImageName(file);
            ImageDecoder.check(file, ImageDecoder.header(file), limit);
        }
        return limit;
    }

    /** The first image's size, once every file's header claims the same (read from the headers alone). */
    private static ImageDecoder.Limit limit(List<Path> files) {
        for (Path file : files) {
            requireImageName(file);
        }
        Path firstFile = files.get(0);
        ImageDecoder.Header first = ImageDecoder.header(firstFile);
        ImageDecoder.check(firstFile, first, ImageDecoder.Limit.any());
        for (Path file : files) {
            ImageDecoder.Header h = ImageDecoder.header(file);
            if (h.width() != first.width() || h.height() != first.height()) {
                throw new BadInputException(String.format(Locale.ROOT,
                        "%s: %dx%d (height x width), expected %dx%d like %s; use a resize", file, h.height(), h.width(),
                        first.height(), first.width(), firstFile));
            }
        }
        return ImageDecoder.Limit.exactly(first.height(), first.width());
    }

    /** A stray file in a class folder usually means the folder is not what the user thinks. */
    private static void requireImageName(Path file) {
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (EXTENSIONS.stream().noneMatch(lower::endsWith)) {
            throw new BadInputException(
                    file + ": not a PNG or JPEG image (expected .png, .jpg or .jpeg)");
        }
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
}

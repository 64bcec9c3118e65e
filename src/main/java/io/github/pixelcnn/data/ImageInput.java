package io.github.pixelcnn.data;

import io.github.pixelcnn.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Images a user hands to a trained model ({@code complete}, {@code score}): an IDX image file
 * (labels from the sibling {@code …-labels-idx1-ubyte[.gz]} when there is one), a single PNG or
 * JPEG, a folder of images, or a folder of class subfolders ({@link ImageFolder}, labelled).
 *
 * <p>Gray images given to an RGB model are repeated into three channels; colour images given to
 * a gray model, and images of another size, are refused rather than silently converted
 * ({@link #fit}). Every image file goes through one decoder ({@link ImageDecoder}), which reads
 * its header first: a file that claims another size than the model's is refused before it is
 * decoded, unless a resize is asked for.
 */
public final class ImageInput {
    private ImageInput() {}

    /**
     * Reads {@code path} as images of {@code channels}×{@code height}×{@code width}; an image file
     * of another size is refused from its header.
     */
    public static ImageDataset read(Path path, int channels, int height, int width) {
        return read(path, channels, height, width, false);
    }

    /**
     * Reads {@code path} as images of {@code channels}×{@code height}×{@code width}.
     *
     * @param resize scale image files of another size to the model's (up to {@link
     *     ImageDecoder#MAX_PIXELS} each); without it they are refused from their headers
     */
    public static ImageDataset read(Path path, int channels, int height, int width, boolean resize) {
        if (!Files.exists(path)) {
            throw new BadInputException(path + ": no such file or directory");
        }
        ImageDecoder.Limit limit = resize ? ImageDecoder.Limit.resizedTo(height, width)
                : ImageDecoder.Limit.exactly(height, width);
        ImageDataset data;
        if (Files.isDirectory(path)) {
            data = hasSubfolders(path) ? ImageFolder.load(path, limit) : flatFolder(path, limit);
        } else if (isImageName(path) || ImageDecoder.looksLikeImage(path)) {
            ImageDecoder.Decoded d = ImageDecoder.decode(path, limit);
            data = ImageDataset.unlabeled(path.toString(), d.pixels, 1, d.channels, d.height, d.width);
        } else {
            data = idx(path);
        }
        return fit(data, path.toString(), channels, height, width);
    }

    /**
     * The one channel policy for images handed to a model: gray images given to an RGB model are
     * repeated into three channels; colour images given to a gray model, and other sizes, are
     * refused ({@link #requireSize}).
     *
     * @param where the images' source as the user named it, for the message
     */
    public static ImageDataset fit(ImageDataset data, String where, int channels, int height, int width) {
        ImageDataset fitted = data.channels() == 1 && channels == 3 ? toRgb(data) : data;
        requireSize(fitted, where, channels, height, width);
        return fitted;
    }

    /**
     * Refuses images of another size than the model's, before any tensor is built, so the wrong
     * images are one clear line instead of a native shape error.
     */
    public static void requireSize(ImageDataset data, String where, int channels, int height, int width) {
        if (data.channels() != channels || data.height() != height || data.width() != width) {
            throw new BadInputException(String.format(Locale.ROOT, "%s: images are %s, the model expects %s",
                    where, describe(data.channels(), data.height(), data.width()), describe(channels, height, width)));
        }
    }

    /**
     * Refuses data whose values the model cannot take: code maps over K codes for a model of
     * another level count (a prior trained on another codebook), or 8-bit images for a prior.
     */
    public static void requireLevels(ImageDataset data, String where, int levels) {
        if (data.levels() != levels) {
            throw new BadInputException(String.format(Locale.ROOT, "%s: %s, the model has %d levels%s", where,
                    data.levels() == 256 ? "8-bit images" : "codes over K=" + data.levels(), levels,
                    data.levels() == 256 ? " (a prior over codes: give it codes:FILE)"
                            : "; train a prior on this codebook's codes"));
        }
    }

    private static String describe(int channels, int height, int width) {
        return String.format(Locale.ROOT, "%dx%d %s", height, width, channels == 1 ? "gray" : channels == 3 ? "RGB"
                : channels + "-channel");
    }

    private static ImageDataset idx(Path file) {
        IdxFile images = IdxFile.read(file, 3);
        int[] d = images.dims(); // (N, H, W)
        String name = file.getFileName().toString();
        if (name.contains("images-idx3-ubyte")) {
            for (String suffix : new String[] {"", ".gz"}) {
                String base = name.replace("images-idx3-ubyte", "labels-idx1-ubyte").replace(".gz", "");
                Path labelFile = file.resolveSibling(base + suffix);
                if (Files.isRegularFile(labelFile)) {
                    IdxFile labels = IdxFile.read(labelFile, 1);
                    if (labels.dims()[0] != d[0]) {
                        throw new BadInputException(String.format(Locale.ROOT, "%s holds %d images but %s holds %d labels",
                                file, d[0], labelFile, labels.dims()[0]));
                    }
                    int[] ints = new int[d[0]];
                    int classes = 1;
                    for (int i = 0; i < d[0]; i++) {
                        ints[i] = labels.data()[i] & 0xff;
                        classes = Math.max(classes, ints[i] + 1);
                    }
                    List<String> names = java.util.stream.IntStream.range(0, classes).mapToObj(Integer::toString).toList();
                    return ImageDataset.labeled(file.toString(), images.data(), d[0], 1, d[1], d[2], ints, names);
                }
            }
        }
        return ImageDataset.unlabeled(file.toString(), images.data(), d[0], 1, d[1], d[2]);
    }

    private static ImageDataset flatFolder(Path dir, ImageDecoder.Limit limit) {
        List<Path> files = list(dir).stream().filter(ImageInput::isImageName).toList();
        if (files.isEmpty()) {
            throw new BadInputException(dir + ": no PNG or JPEG images");
        }
        ImageFolder.checked(files, limit); // every header before any image is decoded
        List<ImageDecoder.Decoded> decoded = files.stream().map(f -> ImageDecoder.decode(f, limit)).toList();
        ImageDecoder.Decoded first = decoded.get(0);
        boolean gray = decoded.stream().allMatch(d -> d.channels == 1);
        int channels = gray ? 1 : 3;
        int plane = first.height * first.width;
        byte[] pixels = new byte[decoded.size() * channels * plane];
        for (int i = 0; i < decoded.size(); i++) {
            ImageDecoder.Decoded d = decoded.get(i); // every one of the limit's size
            for (int c = 0; c < channels; c++) {
                System.arraycopy(d.pixels, d.channels == 1 ? 0 : c * plane, pixels, (i * channels + c) * plane, plane);
            }
        }
        return ImageDataset.unlabeled(dir.toString(), pixels, decoded.size(), channels, first.height, first.width);
    }

    private static ImageDataset toRgb(ImageDataset gray) {
        int plane = gray.height() * gray.width();
        byte[] pixels = new byte[gray.size() * 3 * plane];
        for (int i = 0; i < gray.size(); i++) {
            for (int c = 0; c < 3; c++) {
                System.arraycopy(gray.pixels(), i * plane, pixels, (i * 3 + c) * plane, plane);
            }
        }
        if (!gray.hasLabels()) {
            return ImageDataset.unlabeled(gray.name(), pixels, gray.size(), 3, gray.height(), gray.width());
        }
        int[] labels = new int[gray.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = gray.label(i);
        }
        return ImageDataset.labeled(gray.name(), pixels, gray.size(), 3, gray.height(), gray.width(), labels,
                gray.classNames());
    }

    private static boolean hasSubfolders(Path dir) {
        return list(dir).stream().anyMatch(Files::isDirectory);
    }

    private static boolean isImageName(Path file) {
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return lower.endsWith(".png") || lower.endsWith(".jpg") || lower.endsWith(".jpeg");
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list: " + e.getMessage(), e);
        }
    }
}

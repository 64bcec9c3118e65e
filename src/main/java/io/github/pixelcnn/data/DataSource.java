package io.github.pixelcnn.data;

import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.BadParameterException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A dataset named on the command line, loaded on demand by split.
 *
 * <p>Forms: {@code fashion-mnist} (the Debian-installed copy at {@link FashionMnist#DEFAULT_DIR}),
 * {@code fashion-mnist:DIR}, {@code mnist:DIR}, {@code cifar10:DIR} and {@code folder:DIR}.
 *
 * <p>A {@code folder:DIR} with {@code train/} and {@code test/} subfolders uses them as the
 * splits (their class folders must agree). Otherwise the whole folder, in {@link ImageFolder}'s
 * sorted order, is split deterministically: every 10th image (indices 9, 19, 29, ...) is the test
 * split and the rest is the training split, so both splits are the same on every run and every
 * machine without a seed. Each {@link #load} reads the folder again; callers keep the result.
 */
public final class DataSource {
    private static final String FORMS =
            "fashion-mnist, fashion-mnist:DIR, mnist:DIR, cifar10:DIR, folder:DIR or codes:FILE";
    /** Every HOLDOUT-th image of an unsplit folder goes to the test split. */
    private static final int HOLDOUT = 10;

    private enum Kind {
        FASHION_MNIST,
        MNIST,
        CIFAR10,
        FOLDER,
        CODES
    }

    private final String spec;
    private final Kind kind;
    private final Path dir;
    /** What a folder's images must be, from their headers; null: the first image's size. */
    private final ImageDecoder.Limit limit;

    private DataSource(String spec, Kind kind, Path dir, ImageDecoder.Limit limit) {
        this.spec = spec;
        this.kind = kind;
        this.dir = dir;
        this.limit = limit;
    }

    private DataSource(String spec, Kind kind, Path dir) {
        this(spec, kind, dir, null);
    }

    /**
     * This source with every image scaled to a {@code side × side} square, or kept at its size
     * when {@code side} is 0. Only image folders can be resized: the other sets have one size.
     */
    public DataSource withResize(int side) {
        if (side < 0) {
            throw new BadParameterException("resize", "must be positive, or 0 for none, got " + side);
        }
        if (side > 0 && kind != Kind.FOLDER) {
            throw new BadParameterException("resize", "applies to folder:DIR datasets only, not " + spec);
        }
        return new DataSource(spec, kind, dir, side > 0 ? ImageDecoder.Limit.resizedTo(side) : null);
    }

    /**
     * This source with every image scaled to {@code height × width}: a trained model's size. Only
     * image folders can be resized.
     */
    public DataSource withResize(int height, int width) {
        if (kind != Kind.FOLDER) {
            throw new BadParameterException("resize", "applies to folder:DIR datasets only, not " + spec);
        }
        return new DataSource(spec, kind, dir, ImageDecoder.Limit.resizedTo(height, width));
    }

    /** Whether this is an image folder, the one kind of source whose images can be resized. */
    public boolean isFolder() {
        return kind == Kind.FOLDER;
    }

    /** The side every image is scaled to, or 0 when they keep their size. */
    public int resize() {
        return limit != null && limit.resizes() ? limit.height() : 0;
    }

    /**
     * This source with a folder's images required to be {@code height × width} (unless a resize
     * was asked for): for a model whose size is known, each file of another size is refused from
     * its header before the folder is decoded. Other sets check their size after reading.
     */
    public DataSource expecting(int height, int width) {
        return kind != Kind.FOLDER || limit != null ? this
                : new DataSource(spec, kind, dir, ImageDecoder.Limit.exactly(height, width));
    }

    /** Parses a dataset spec such as {@code "cifar10:/data/cifar-10-batches-bin"}. */
    public static DataSource parse(String spec) {
        if (spec.equals("fashion-mnist")) {
            return new DataSource(spec, Kind.FASHION_MNIST, FashionMnist.DEFAULT_DIR);
        }
        int colon = spec.indexOf(':');
        if (colon > 0 && colon < spec.length() - 1) {
            Path dir = Path.of(spec.substring(colon + 1));
            switch (spec.substring(0, colon)) {
                case "fashion-mnist":
                    return new DataSource(spec, Kind.FASHION_MNIST, dir);
                case "mnist":
                    return new DataSource(spec, Kind.MNIST, dir);
                case "cifar10":
                    return new DataSource(spec, Kind.CIFAR10, dir);
                case "folder":
                    return new DataSource(spec, Kind.FOLDER, dir);
                case "codes":
                    return new DataSource(spec, Kind.CODES, dir);
                default:
                    break;
            }
        }
        throw new BadInputException("bad dataset '" + spec + "': expected " + FORMS);
    }

    /** The spec this source was parsed from, e.g. for saving beside a checkpoint. */
    public String spec() {
        return spec;
    }

    /** Loads one split. */
    public ImageDataset load(Split split) {
        return switch (kind) {
            case FASHION_MNIST -> FashionMnist.load(dir, split);
            case MNIST -> IdxDataset.load(dir, split);
            case CIFAR10 -> Cifar10.load(dir, split);
            case FOLDER -> loadFolder(split);
            case CODES -> CodeMapFile.read(dir).dataset(dir, split);
        };
    }

    private ImageDataset loadFolder(Split split) {
        if (hasSplitFolders()) {
            List<String> train = ImageFolder.classNames(dir.resolve("train"));
            List<String> test = ImageFolder.classNames(dir.resolve("test"));
            if (!train.equals(test)) {
                throw new BadInputException(
                        String.format(
                                "%s: train classes %s differ from test classes %s",
                                dir, train, test));
            }
            return ImageFolder.load(dir.resolve(split.label()), limit);
        }
        ImageDataset all = ImageFolder.load(dir, limit);
        boolean test = split == Split.TEST;
        int[] indices =
                IntStream.range(0, all.size())
                        .filter(i -> (i % HOLDOUT == HOLDOUT - 1) == test)
                        .toArray();
        if (indices.length == 0) {
            throw new BadInputException(
                    String.format(
                            "%s: %d images, too few to hold out every %dth for testing; add"
                                    + " train/ and test/ subfolders",
                            dir, all.size(), HOLDOUT));
        }
        return all.subset(indices);
    }

    private boolean hasSplitFolders() {
        return Files.isDirectory(dir.resolve("train")) && Files.isDirectory(dir.resolve("test"));
    }

    /** Class names by label; read from the folder names for {@code folder:DIR}. */
    public List<String> classNames() {
        return switch (kind) {
            case FASHION_MNIST -> FashionMnist.CLASS_NAMES;
            case MNIST -> IdxDataset.DIGITS;
            case CIFAR10 -> Cifar10.CLASS_NAMES;
            case FOLDER -> ImageFolder.classNames(hasSplitFolders() ? dir.resolve("train") : dir);
            case CODES -> CodeMapFile.read(dir).classNames();
        };
    }

    /** One line for logs, e.g. {@code "Fashion-MNIST at /usr/share/datasets/fashion-mnist"}. */
    public String describe() {
        return switch (kind) {
            case FASHION_MNIST -> "Fashion-MNIST at " + dir;
            case MNIST -> "MNIST-style IDX files at " + dir;
            case CIFAR10 -> "CIFAR-10 binary batches at " + dir;
            case FOLDER -> "image folder " + dir + (limit != null && limit.resizes()
                    ? " resized to " + limit.height() + "x" + limit.width() : "")
                    + (hasSplitFolders()
                            ? " (train/ and test/)"
                            : " (every " + HOLDOUT + "th image held out for testing)");
            case CODES -> "code maps in " + dir;
        };
    }

    @Override
    public String toString() {
        return spec;
    }
}

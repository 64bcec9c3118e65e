package io.github.pixelcnn.data;

import io.github.pixelcnn.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Loads an MNIST-style directory: {@code train-images-idx3-ubyte} with {@code
 * train-labels-idx1-ubyte} for {@link Split#TRAIN}, {@code t10k-...} for {@link Split#TEST}, each
 * raw or with a {@code .gz} suffix (the gzipped file is used when both exist, as it is what the
 * original distribution ships). Both MNIST and Fashion-MNIST use this layout with 10 classes.
 */
public final class IdxDataset {
    /** Number of classes in MNIST and Fashion-MNIST. */
    public static final int NUM_CLASSES = 10;
    /** MNIST's classes: the digits themselves. */
    public static final List<String> DIGITS =
            IntStream.range(0, NUM_CLASSES).mapToObj(Integer::toString).toList();

    private IdxDataset() {}

    /** Loads a split with the digits {@code "0".."9"} as class names. */
    public static ImageDataset load(Path dir, Split split) {
        return load(dir, split, DIGITS);
    }

    /** Loads a split; {@code classNames} must have {@value #NUM_CLASSES} entries. */
    public static ImageDataset load(Path dir, Split split, List<String> classNames) {
        if (classNames.size() != NUM_CLASSES) {
            throw new IllegalArgumentException(
                    classNames.size() + " class names, expected " + NUM_CLASSES);
        }
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir + ": no such directory");
        }
        String prefix = split == Split.TRAIN ? "train" : "t10k";
        Path imageFile = find(dir, prefix + "-images-idx3-ubyte");
        Path labelFile = find(dir, prefix + "-labels-idx1-ubyte");

        IdxFile images = IdxFile.read(imageFile, 3);
        IdxFile labels = IdxFile.read(labelFile, 1);
        int[] shape = images.dims(); // (N, H, W)
        int count = labels.dims()[0];
        if (shape[0] != count) {
            throw new BadInputException(
                    String.format(
                            "%s holds %d images but %s holds %d labels",
                            imageFile, shape[0], labelFile, count));
        }
        byte[] labelBytes = labels.data();
        int[] ints = new int[count];
        for (int i = 0; i < count; i++) {
            ints[i] = labelBytes[i] & 0xff;
            if (ints[i] >= NUM_CLASSES) {
                throw new BadInputException(
                        String.format(
                                "%s: label %d of image %d is out of range 0..%d",
                                labelFile, ints[i], i, NUM_CLASSES - 1));
            }
        }
        String name = dir + " (" + split.label() + ")";
        return ImageDataset.labeled(
                name, images.data(), shape[0], 1, shape[1], shape[2], ints, classNames);
    }

    private static Path find(Path dir, String base) {
        Path gz = dir.resolve(base + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path raw = dir.resolve(base);
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        throw new BadInputException(dir + ": no " + base + "[.gz]");
    }
}

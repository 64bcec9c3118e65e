package io.github.pixelcnn.data;

import io.github.pixelcnn.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10 (Krizhevsky, 2009) in its binary version: 32x32 RGB images in 10 classes, stored as
 * records of one label byte and 3072 pixel bytes (the 1024 red values, then green, then blue),
 * which is already the CHW order {@link ImageDataset} keeps. The training split is {@code
 * data_batch_1.bin} to {@code data_batch_5.bin}, of which those present are loaded, so a subset
 * of batches serves for quick runs; the test split is {@code test_batch.bin}.
 */
public final class Cifar10 {
    /** Class names by label, as in {@code batches.meta.txt}. */
    public static final List<String> CLASS_NAMES =
            List.of(
                    "airplane",
                    "automobile",
                    "bird",
                    "cat",
                    "deer",
                    "dog",
                    "frog",
                    "horse",
                    "ship",
                    "truck");

    private static final int SIDE = 32;
    private static final int IMAGE_BYTES = 3 * SIDE * SIDE;
    private static final int RECORD_BYTES = 1 + IMAGE_BYTES;
    private static final int TRAIN_BATCHES = 5;

    private Cifar10() {}

    /**
     * Loads a split from {@code dir}, or from {@code dir/cifar-10-batches-bin} when that is where
     * the archive unpacked.
     */
    public static ImageDataset load(Path dir, Split split) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir + ": no such directory");
        }
        Path unpacked = dir.resolve("cifar-10-batches-bin");
        if (!Files.exists(dir.resolve("test_batch.bin")) && Files.isDirectory(unpacked)) {
            dir = unpacked;
        }
        List<Path> files = new ArrayList<>();
        if (split == Split.TRAIN) {
            for (int b = 1; b <= TRAIN_BATCHES; b++) {
                Path file = dir.resolve("data_batch_" + b + ".bin");
                if (Files.isRegularFile(file)) {
                    files.add(file);
                }
            }
            if (files.isEmpty()) {
                throw new BadInputException(
                        dir + ": no CIFAR-10 training batches (data_batch_1.bin .. data_batch_"
                                + TRAIN_BATCHES + ".bin)");
            }
        } else {
            Path file = dir.resolve("test_batch.bin");
            if (!Files.isRegularFile(file)) {
                throw new BadInputException(dir + ": no test_batch.bin");
            }
            files.add(file);
        }

        long total = 0;
        for (Path file : files) {
            long size = size(file);
            if (size % RECORD_BYTES != 0) {
                throw new BadInputException(
                        String.format(
                                "%s: truncated record: %d bytes is not a multiple of %d"
                                        + " (1 label byte + %d pixel bytes)",
                                file, size, RECORD_BYTES, IMAGE_BYTES));
            }
            total += size / RECORD_BYTES;
        }
        if (total * IMAGE_BYTES > Integer.MAX_VALUE - 8) {
            throw new BadInputException(dir + ": " + total + " images do not fit in memory");
        }
        int n = (int) total;
        byte[] pixels = new byte[n * IMAGE_BYTES];
        int[] labels = new int[n];
        int at = 0;
        for (Path file : files) {
            byte[] bytes = readAll(file);
            int records = bytes.length / RECORD_BYTES;
            if (bytes.length % RECORD_BYTES != 0 || at + records > n) {
                throw new BadInputException(file + ": changed while being read");
            }
            for (int r = 0; r < records; r++, at++) {
                int offset = r * RECORD_BYTES;
                labels[at] = bytes[offset] & 0xff;
                if (labels[at] >= CLASS_NAMES.size()) {
                    throw new BadInputException(
                            String.format(
                                    "%s: label %d in record %d is out of range 0..%d",
                                    file, labels[at], r, CLASS_NAMES.size() - 1));
                }
                System.arraycopy(bytes, offset + 1, pixels, at * IMAGE_BYTES, IMAGE_BYTES);
            }
        }
        String name = dir + " (" + split.label() + ")";
        return ImageDataset.labeled(name, pixels, n, 3, SIDE, SIDE, labels, CLASS_NAMES);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }
}

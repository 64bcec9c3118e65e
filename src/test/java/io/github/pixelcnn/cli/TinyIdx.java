package io.github.pixelcnn.cli;

import io.github.pixelcnn.data.IdxFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** A tiny MNIST-style dataset (8x8 gray, labels 0..2, learnable stripes) for tests that run commands. */
public final class TinyIdx {
    private TinyIdx() {}

    /** Writes train and t10k splits into {@code dir} (created) and returns it. */
    public static Path write(Path dir, int trainImages, int testImages) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        split(dir, "train", trainImages, 1);
        split(dir, "t10k", testImages, 2);
        return dir;
    }

    private static void split(Path dir, String prefix, int n, long seed) {
        Random random = new Random(seed);
        byte[] images = new byte[n * 64];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 3);
            for (int p = 0; p < 64; p++) {
                boolean on = (p / 8 + p % 8 * labels[i]) % 3 == 0;
                images[i * 64 + p] = (byte) ((on ? 200 : 30) + random.nextInt(20));
            }
        }
        IdxFile.write(dir.resolve(prefix + "-images-idx3-ubyte.gz"), new int[] {n, 8, 8}, images, true);
        IdxFile.write(dir.resolve(prefix + "-labels-idx1-ubyte"), new int[] {n}, labels, false);
    }
}

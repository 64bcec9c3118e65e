package io.github.pixelcnn.examples;

import io.github.pixelcnn.data.ImageDataset;
import java.util.List;
import java.util.Random;

/** Labelled 8×8 gray images for the examples' tests: class-dependent stripes with noise (labels 0..2). */
public final class Stripes {
    private Stripes() {}

    public static ImageDataset of(String name, int n, long seed) {
        Random random = new Random(seed);
        byte[] pixels = new byte[n * 64];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            for (int p = 0; p < 64; p++) {
                boolean on = (p / 8 + p % 8 * labels[i]) % 3 == 0;
                pixels[i * 64 + p] = (byte) ((on ? 200 : 30) + random.nextInt(20));
            }
        }
        return ImageDataset.labeled(name, pixels, n, 1, 8, 8, labels, List.of("0", "1", "2"));
    }
}

package io.github.pixelcnn.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Tiny image folders for tests that run commands: {@link #write} an RGB one (classes blue and red,
 * 10 noisy 12x12 PNGs each), {@link #gray} a gray one of uniform noise.
 */
final class TinyColourFolder {
    private TinyColourFolder() {}

    /** Writes the folder {@code dir} (created), its noise drawn from {@code seed}, and returns it. */
    static Path write(Path dir, long seed) {
        Random random = new Random(seed);
        try {
            for (String name : List.of("blue", "red")) {
                Files.createDirectories(dir.resolve(name));
                for (int i = 0; i < 10; i++) {
                    BufferedImage image = new BufferedImage(12, 12, BufferedImage.TYPE_INT_RGB);
                    for (int y = 0; y < 12; y++) {
                        for (int x = 0; x < 12; x++) {
                            int v = 150 + random.nextInt(100);
                            image.setRGB(x, y, name.equals("red") ? v << 16 : v);
                        }
                    }
                    ImageIO.write(image, "png", dir.resolve(name + "/" + i + ".png").toFile());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** Writes {@code count} gray {@code side}x{@code side} PNGs of uniform noise into class "a" of {@code dir}. */
    static Path gray(Path dir, int count, int side, long seed) {
        Random random = new Random(seed);
        try {
            Files.createDirectories(dir.resolve("a"));
            for (int i = 0; i < count; i++) {
                BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        image.getRaster().setSample(x, y, 0, random.nextInt(256));
                    }
                }
                ImageIO.write(image, "png", dir.resolve("a/" + i + ".png").toFile());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}

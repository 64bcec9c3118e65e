package io.github.pixelcnn.cli;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.DataSource;
import io.github.pixelcnn.data.IdxFile;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.Split;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.ModelType;
import io.github.pixelcnn.model.PixelCnnAutoEncoder;
import io.github.pixelcnn.train.Checkpoint;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/** What the auto-encoder commands share: restoring the model and reading images. */
final class AutoEncoderInputs {
    private AutoEncoderInputs() {}

    static PixelCnnAutoEncoder restore(Checkpoint ckpt, String command, NDManager manager) {
        if (ckpt.config().type() != ModelType.AUTOENCODER) {
            throw new BadInputException(String.format(Locale.ROOT,
                    "--run/--checkpoint: a %s model; %s needs an auto-encoder (train --model autoencoder)",
                    ckpt.config().type().name().toLowerCase(Locale.ROOT), command));
        }
        return (PixelCnnAutoEncoder) ckpt.restoreModel(manager);
    }

    static Split split(String name) {
        return switch (name) {
            case "test" -> Split.TEST;
            case "train" -> Split.TRAIN;
            default -> throw new BadInputException("--split must be test or train, got " + name);
        };
    }

    /** A dataset split, checked against the model's image size. */
    static ImageDataset dataset(String spec, String split, ModelConfig mc) {
        return fit(DataSource.parse(spec).load(split(split)), spec, mc);
    }

    /** Images from an IDX file of (N, H, W) gray images or one PNG of the model's size. */
    static ImageDataset file(Path path, ModelConfig mc) {
        if (!Files.exists(path)) {
            throw new BadInputException(path + ": no such file");
        }
        if (path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            return fit(png(path, mc.imageChannels()), path.toString(), mc);
        }
        IdxFile idx = IdxFile.read(path, 3);
        int[] d = idx.dims();
        return fit(ImageDataset.unlabeled(path.toString(), idx.data(), d[0], 1, d[1], d[2]), path.toString(), mc);
    }

    private static ImageDataset png(Path path, int channels) {
        BufferedImage image;
        try {
            image = ImageIO.read(path.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": " + e.getMessage(), e);
        }
        if (image == null) {
            throw new BadInputException(path + ": not a readable PNG");
        }
        int h = image.getHeight();
        int w = image.getWidth();
        byte[] px = new byte[channels * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (channels == 1) {
                    px[y * w + x] = (byte) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
                } else {
                    px[y * w + x] = (byte) r;
                    px[h * w + y * w + x] = (byte) g;
                    px[2 * h * w + y * w + x] = (byte) b;
                }
            }
        }
        return ImageDataset.unlabeled(path.toString(), px, 1, channels, h, w);
    }

    private static ImageDataset fit(ImageDataset data, String where, ModelConfig mc) {
        if (data.channels() != mc.imageChannels() || data.height() != mc.height() || data.width() != mc.width()) {
            throw new BadInputException(String.format(Locale.ROOT, "%s: images are %dx%dx%d, the model expects %dx%dx%d",
                    where, data.channels(), data.height(), data.width(), mc.imageChannels(), mc.height(), mc.width()));
        }
        return data;
    }

    /** The images at {@code indices} of {@code data}, NCHW bytes. */
    static byte[] pixels(ImageDataset data, int[] indices) {
        return data.subset(indices).pixels();
    }

    /** Checks an image index given on the command line. */
    static int index(String flag, int i, ImageDataset data) {
        if (i < 0 || i >= data.size()) {
            throw new BadInputException(flag + " " + i + ": outside 0.." + (data.size() - 1) + " of " + data.name());
        }
        return i;
    }
}

package io.github.pixelcnn.spark;

import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.ImageInput;
import io.github.pixelcnn.model.ModelConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The pixels of one image row, as the model takes them: raw uint8 (C, H, W) bytes as they are,
 * PNG or JPEG bytes decoded through {@link ImageInput} (the command line's one decoder and channel
 * policy: gray repeated into RGB, other sizes refused). Anything else is a {@link BadInputException}
 * that names the row's id.
 */
final class RowPixels {
    private RowPixels() {}

    static byte[] of(long id, String path, byte[] image, ModelConfig cfg) {
        String where = "image id " + id + (path == null ? "" : " (" + path + ")");
        if (image == null) {
            throw new BadInputException(where + ": no image bytes (null)");
        }
        if (image.length == cfg.dims() && !isEncoded(image)) {
            return image;
        }
        if (!isEncoded(image)) {
            throw new BadInputException(String.format(Locale.ROOT, "%s: %d bytes, neither %d raw pixels (%dx%dx%d)"
                    + " nor a PNG or JPEG file", where, image.length, cfg.dims(), cfg.imageChannels(), cfg.height(),
                    cfg.width()));
        }
        return decode(where, image, cfg);
    }

    // ImageInput reads files; the bytes take a short trip through a temporary file so that every
    // image still passes the library's one decoder and its checks.
    private static byte[] decode(String where, byte[] image, ModelConfig cfg) {
        Path file;
        try {
            file = Files.createTempFile("pixelcnn-row-", image[0] == (byte) 0x89 ? ".png" : ".jpg");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage an image: " + e.getMessage(), e);
        }
        try {
            Files.write(file, image);
            ImageDataset one = ImageInput.read(file, cfg.imageChannels(), cfg.height(), cfg.width());
            return one.pixels();
        } catch (BadInputException e) {
            throw new BadInputException(where + ": " + e.getMessage().replace(file.toString() + ": ", "")
                    .replace(file.toString(), "the image"));
        } catch (RuntimeException e) {
            throw new BadInputException(where + ": cannot decode: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage an image: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A temporary file left behind is harmless; the score is not.
            }
        }
    }

    /** PNG (89 50 4E 47) or JPEG (FF D8 FF) magic. */
    private static boolean isEncoded(byte[] b) {
        return b.length >= 4 && ((b[0] == (byte) 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G')
                || (b[0] == (byte) 0xFF && b[1] == (byte) 0xD8 && b[2] == (byte) 0xFF));
    }
}

package io.github.pixelcnn.serve;

import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.ImageInput;
import io.github.pixelcnn.model.ModelConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Uploaded image files, decoded by the same reader as {@code score --input}: the bytes go to a
 * file in the server's private temporary folder, named by what their first bytes say they are
 * (PNG, JPEG, IDX raw or gzipped), {@link ImageInput#read} reads them as images of the model's
 * size, and the file is deleted. Whatever that reader refuses becomes a 400 with its message.
 */
final class Uploads {
    /** Media types a page or a script may declare for an image file; the bytes decide the format. */
    private static final Set<String> TYPES = Set.of("application/octet-stream", "image/png", "image/jpeg",
            "application/gzip", "application/x-gzip");

    private final Path dir;
    private final AtomicLong count = new AtomicLong();

    /** @param dir a folder only this process's user can read */
    Uploads(Path dir) {
        this.dir = dir;
    }

    /** The body's images at the model's size, or an {@link HttpError}: 415 for a foreign media type, 400 for bad data. */
    ImageDataset read(byte[] body, String contentType, ModelConfig cfg) {
        if (!TYPES.contains(contentType)) {
            throw new HttpError(415, "upload an image file (PNG, JPEG or IDX) as the request body with Content-Type"
                    + " application/octet-stream, image/png, image/jpeg or application/gzip, not "
                    + (contentType.isEmpty() ? "none" : contentType));
        }
        String suffix = suffix(body);
        Path file = dir.resolve("upload-" + count.incrementAndGet() + suffix);
        try {
            Files.write(file, body);
            return ImageInput.read(file, cfg.imageChannels(), cfg.height(), cfg.width());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (BadInputException e) {
            // The reader names the temporary file; the person uploaded "the upload", and the page has
            // no resize to offer: an image of the model's size is what it takes.
            throw new HttpError(400, e.getMessage().replace(file.toString(), "upload")
                    .replace("; use a resize", "; upload one of that size"));
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // the folder goes when the server stops
            }
        }
    }

    /** The file name suffix that makes the reader take the bytes as what they are. */
    private static String suffix(byte[] b) {
        if (starts(b, 0x89, 'P', 'N', 'G')) {
            return ".png";
        }
        if (starts(b, 0xff, 0xd8, 0xff)) {
            return ".jpg";
        }
        if (starts(b, 0x1f, 0x8b) || starts(b, 0, 0, 0x08)) {
            return ".idx"; // IDX, gzipped or raw; the reader checks the rest of the header
        }
        throw new HttpError(400, "upload is not a PNG, JPEG or IDX image file");
    }

    private static boolean starts(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}

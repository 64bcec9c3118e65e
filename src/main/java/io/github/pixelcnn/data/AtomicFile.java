package io.github.pixelcnn.data;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that readers see either the old file or the whole new one, never a part:
 * the bytes go to a temporary file in the same directory, are forced to disk, and the temporary
 * file is renamed over the target in one atomic step. A crash mid-write (a long training run
 * saving samples) thus never leaves a truncated image behind.
 */
public final class AtomicFile {
    /** Writes the content to a stream; may throw IOException. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final String TEMPORARY_SUFFIX = ".tmp";

    private AtomicFile() {}

    /**
     * A glob for the temporary files that {@link #write} leaves behind when the process dies
     * mid-write, for targets whose names start with any of {@code namePrefixes}.
     */
    public static String temporaryGlob(String... namePrefixes) {
        return ".{" + String.join(",", namePrefixes) + "}*" + TEMPORARY_SUFFIX;
    }

    public static void write(Path target, Content content) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + absolute.getFileName(), TEMPORARY_SUFFIX);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(channel);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(
                    tmp,
                    absolute,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException(target + ": cannot write: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // The write already failed; that error is the one worth reporting.
                }
            }
        }
    }
}

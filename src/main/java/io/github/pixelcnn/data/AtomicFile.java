package io.github.pixelcnn.data;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers see either the old file or the whole new one, never a part:
 * the bytes go to a temporary file in the same directory, are forced to disk, and the temporary
 * file is renamed over the target in one atomic step. A crash mid-write (a long training run
 * saving samples) thus never leaves a truncated image behind.
 *
 * <p>Missing parent folders are created. The file gets the permissions any new file gets (0666
 * less the umask), as if written in place; {@code Files.createTempFile} would make it 0600.
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

    /**
     * @throws UncheckedIOException naming {@code target} (or the folder that could not be made)
     *     and the reason
     */
    public static void write(Path target, Content content) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        createFolders(target.getParent() == null ? dir : target.getParent());
        Path tmp = null;
        try {
            tmp = createTemporary(dir, absolute.getFileName().toString());
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
            throw new UncheckedIOException("cannot write " + target + ": " + reason(e), e);
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

    /** Creates {@code dir} and its missing parents, or says which one could not be made and why. */
    static void createFolders(Path dir) {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + reason(e), e);
        }
    }

    /** A new empty file beside the target, created with the default permissions (umask applies). */
    private static Path createTemporary(Path dir, String name) throws IOException {
        while (true) {
            long id = ThreadLocalRandom.current().nextLong() >>> 1;
            Path tmp = dir.resolve("." + name + id + TEMPORARY_SUFFIX);
            try {
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException taken) {
                // Another writer drew the same number: draw again.
            }
        }
    }

    /**
     * What went wrong, in the words a shell would use: NIO's exceptions often carry only the path
     * ({@code AccessDeniedException: /x}), which says nothing once the message names the file.
     */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name is in the way";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}

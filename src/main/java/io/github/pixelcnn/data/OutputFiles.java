package io.github.pixelcnn.data;

import io.github.pixelcnn.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The files one job writes, all or none: each is written first under a hidden staging folder
 * beside its target, and {@link #commit} renames them into place together at the end. A job that
 * fails before (a bad second path, an error mid-way) leaves nothing behind: {@link #close}
 * removes what was staged and the folders that {@link #stage} created, and so does Ctrl-C (a
 * shutdown hook, held while files are staged).
 *
 * <pre>{@code
 * try (OutputFiles outputs = new OutputFiles()) {
 *     Path png = outputs.stage(out);       // checked now, before the long work
 *     Path idx = outputs.stage(raw);
 *     ImageGrid.write(png, …);             // any writer, to the staged path
 *     IdxFile.write(idx, …);
 *     outputs.commit();                    // out and raw appear together
 * }
 * }</pre>
 *
 * <p>A staged file keeps its target's name (only its folder differs), so writers that choose the
 * format by the name's extension see the real one.
 */
public final class OutputFiles implements AutoCloseable {
    private static final String STAGING_PREFIX = ".pixelcnn-staging-";
    private static final Pattern STAGED_PATH = Pattern.compile("[/\\\\]" + Pattern.quote(STAGING_PREFIX) + "\\d+");

    private final Map<Path, Path> staged = new LinkedHashMap<>();
    private final Map<Path, Path> stagingFolders = new LinkedHashMap<>();
    private final List<Path> createdFolders = new ArrayList<>();
    private boolean committed;
    private Thread onShutdown;

    /**
     * Reserves {@code target} and returns the path to write it to. Creates the target's missing
     * parent folders (removed again unless the job commits).
     *
     * @throws BadInputException when the target is a folder, is given twice, or its folder cannot
     *     be created or written, naming the path and the reason
     */
    public synchronized Path stage(Path target) {
        if (onShutdown == null) {
            onShutdown = new Thread(this::discard, "discard staged outputs");
            Runtime.getRuntime().addShutdownHook(onShutdown);
        }
        Path absolute = target.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            throw new BadInputException("cannot create " + target + ": it is a directory");
        }
        if (staged.containsKey(absolute)) {
            throw new BadInputException(target + ": given for two outputs");
        }
        Path folder = absolute.getParent();
        createFolder(folder, target);
        Path staging = stagingFolders.get(folder);
        if (staging == null) {
            try {
                staging = Files.createTempDirectory(folder, STAGING_PREFIX);
            } catch (IOException e) {
                throw new BadInputException("cannot create " + target + ": " + AtomicFile.reason(e), e);
            }
            stagingFolders.put(folder, staging);
        }
        Path path = staging.resolve(absolute.getFileName());
        staged.put(absolute, path);
        return path;
    }

    /**
     * {@code text} with every staged path written as its target's: a writer that fails on a staged
     * file names the hidden staging folder, which the user never named.
     */
    public static String targetPaths(String text) {
        return text == null ? null : STAGED_PATH.matcher(text).replaceAll("");
    }

    /** Moves every staged file to its target; each must have been written. */
    public synchronized void commit() {
        for (Map.Entry<Path, Path> e : staged.entrySet()) {
            if (!Files.isRegularFile(e.getValue())) {
                throw new IllegalStateException(e.getKey() + " was staged but never written");
            }
        }
        for (Map.Entry<Path, Path> e : staged.entrySet()) {
            try {
                Files.move(e.getValue(), e.getKey(), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException x) {
                throw new UncheckedIOException("cannot write " + e.getKey() + ": " + AtomicFile.reason(x), x);
            }
        }
        committed = true;
    }

    /** Removes the staging folders, and, unless committed, the folders {@link #stage} created. */
    @Override
    public void close() {
        discard();
        if (onShutdown != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(onShutdown);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or about to: it finds nothing left to do.
            }
        }
    }

    private synchronized void discard() {
        for (Path staging : stagingFolders.values()) {
            deleteTree(staging);
        }
        if (!committed) {
            for (int i = createdFolders.size() - 1; i >= 0; i--) {
                try {
                    Files.deleteIfExists(createdFolders.get(i));
                } catch (IOException notEmpty) {
                    // Someone else wrote there meanwhile: that folder is theirs now.
                }
            }
            createdFolders.clear();
        }
        stagingFolders.clear();
    }

    /** Creates {@code folder} and missing parents, recording each one made, outermost first. */
    private void createFolder(Path folder, Path target) {
        List<Path> missing = new ArrayList<>();
        for (Path p = folder; p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            try {
                Files.createDirectory(p);
            } catch (IOException e) {
                throw new BadInputException("cannot create " + p + " (for " + target + "): " + AtomicFile.reason(e), e);
            }
            createdFolders.add(p);
        }
        if (!Files.isDirectory(folder)) {
            throw new BadInputException("cannot create " + target + ": " + folder + " is not a directory");
        }
    }

    private static void deleteTree(Path dir) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (Files.isDirectory(f)) {
                    deleteTree(f);
                } else {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // Cleanup after the real outcome; a leftover hidden staging folder is harmless.
        }
    }
}

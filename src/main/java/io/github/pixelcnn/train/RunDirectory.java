package io.github.pixelcnn.train;

import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files of one training run: config, checkpoint, metrics, curve and sample grids. */
public record RunDirectory(Path dir, String trainingJson) {
    static final String CONFIG = "config.json";
    static final String CHECKPOINT = "checkpoint.ckpt";
    private static final String METRICS = "metrics.csv";
    private static final String CURVE = "curve.png";
    private static final String SAMPLES = "samples-epoch-";
    private static final String WRITE_PROBE = "write-probe";
    /** Only the temporary files of what a run writes, never a user's. */
    private static final String STALE = AtomicFile.temporaryGlob(CONFIG, CHECKPOINT, METRICS, CURVE, SAMPLES, WRITE_PROBE);

    /**
     * Creates the directory if needed and proves it writable by writing a probe file (a
     * permission check alone says yes to root on a read-only mount), so an unusable RUN_DIR fails
     * before training rather than at the first checkpoint. Temporary files that a {@code kill -9}
     * left mid-save are removed.
     */
    public static RunDirectory create(Path dir, String trainingJson) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new BadInputException(dir + ": run directory is a file, not a directory");
        }
        try {
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, "." + WRITE_PROBE, ".tmp"));
        } catch (IOException e) {
            throw new BadInputException(dir + ": run directory is not writable (" + reason(e) + ")", e);
        }
        RunDirectory run = new RunDirectory(dir, trainingJson);
        run.removeStaleTemporaryFiles();
        return run;
    }

    /**
     * Removes the files a run writes (config, checkpoint, metrics, curve, sample grids), so that a
     * run started over in {@code dir} shows nothing of the one it replaces; other files stay.
     */
    static void removeRunFiles(Path dir) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(
                dir, "{" + CONFIG + "," + CHECKPOINT + "," + METRICS + "," + CURVE + "," + SAMPLES + "*.png}")) {
            for (Path p : files) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot remove the run it holds: " + e.getMessage(), e);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private void removeStaleTemporaryFiles() {
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir, STALE)) {
            for (Path p : stale) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot remove a stale temporary file: " + e.getMessage(), e);
        }
    }

    public Path config() {
        return dir.resolve(CONFIG);
    }

    public Path checkpoint() {
        return dir.resolve(CHECKPOINT);
    }

    public Path metrics() {
        return dir.resolve(METRICS);
    }

    public Path curve() {
        return dir.resolve(CURVE);
    }

    public Path samples(int epoch) {
        return dir.resolve(String.format("%s%03d.png", SAMPLES, epoch));
    }
}

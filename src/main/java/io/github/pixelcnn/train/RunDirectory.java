package io.github.pixelcnn.train;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.AtomicFile;
import io.github.pixelcnn.model.ModelConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The files of one training run: config, checkpoint, metrics, curve, sample grids and the lock.
 * The only code that knows their names: every command, the page and the Spark job reach a run's
 * files through it.
 *
 * @param trainingJson the session's training settings, stored in each checkpoint ({@code "{}"}
 *     when the directory is only read)
 */
public record RunDirectory(Path dir, String trainingJson) {
    private static final String CONFIG = "config.json";
    private static final String CHECKPOINT = "checkpoint.ckpt";
    private static final String LOCK = ".lock";
    private static final String METRICS = "metrics.csv";
    private static final String CURVE = "curve.png";
    private static final String SAMPLES = "samples-epoch-";
    private static final String WRITE_PROBE = "write-probe";
    /** Only the temporary files of what a run writes, never a user's. */
    private static final String STALE = AtomicFile.temporaryGlob(CONFIG, CHECKPOINT, METRICS, CURVE, SAMPLES, WRITE_PROBE);

    /** The run in {@code dir}, to read: nothing is created or checked. */
    public static RunDirectory of(Path dir) {
        return new RunDirectory(dir, "{}");
    }

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

    /**
     * Adds a test figure measured after training (e.g. on the whole test split, where the epoch
     * ends measured a part) to metrics.csv at {@code state}'s step, and redraws the curve with it.
     */
    public void recordTest(TrainState state, double testBitsPerDim) {
        MetricsLog log = new MetricsLog(metrics(), state.step());
        int epoch = state.batchInEpoch() == 0 ? Math.max(0, state.epoch() - 1) : state.epoch(); // the last one trained
        log.append(state.step(), epoch, Double.NaN, testBitsPerDim, 0, state.elapsedSeconds());
        LearningCurve.write(metrics(), curve());
    }

    /** The file a training run holds locked while it writes to the directory. */
    public Path lock() {
        return dir.resolve(LOCK);
    }

    public boolean hasCheckpoint() {
        return Files.isRegularFile(checkpoint());
    }

    /** The last epoch's sample grid, if one was written. */
    public Optional<Path> latestSamples() throws IOException {
        Path latest = null;
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> grids = Files.newDirectoryStream(dir, SAMPLES + "*.png")) {
            for (Path p : grids) {
                if (latest == null || p.getFileName().toString().compareTo(latest.getFileName().toString()) > 0) {
                    latest = p;
                }
            }
        }
        return Optional.ofNullable(latest);
    }

    /** The model config of the run, read from its checkpoint; empty when there is none. */
    public Optional<ModelConfig> modelConfig() {
        return hasCheckpoint() ? Optional.of(Checkpoint.read(checkpoint()).config()) : Optional.empty();
    }

    /** config.json as a JSON object; empty when the run has none. */
    public Optional<JsonObject> readConfig() {
        Path config = config();
        if (!Files.isRegularFile(config)) {
            return Optional.empty();
        }
        try {
            JsonElement e = JsonParser.parseString(Files.readString(config, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new BadInputException(config + ": not a JSON object");
            }
            return Optional.of(e.getAsJsonObject());
        } catch (IOException e) {
            throw new UncheckedIOException(config + ": cannot read: " + e.getMessage(), e);
        } catch (JsonParseException e) {
            throw new BadInputException(config + ": not valid JSON (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Locks the directory for one writer ({@link FileChannel#tryLock()} on {@code .lock}): a second
     * one, in this process or another, is refused in one line. The lock dies with the process.
     */
    public Lock lockForWriting() {
        Path file = lock();
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot create the lock file " + LOCK + " (" + e.getMessage() + ")", e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this process already
        } catch (IOException e) {
            new Lock(channel).close();
            throw new BadInputException(dir + ": cannot lock " + LOCK + " (" + e.getMessage() + ")", e);
        }
        if (lock == null) {
            new Lock(channel).close();
            throw new BadInputException(dir + ": another training run is writing to it (" + LOCK + " is locked)");
        }
        return new Lock(channel);
    }

    /** A held lock on a run directory; {@link #close()} releases it. */
    public record Lock(FileChannel channel) implements AutoCloseable {
        @Override
        public void close() {
            try {
                channel.close(); // releases its lock
            } catch (IOException ignored) {
                // Closing a lock file's channel cannot lose data; the lock dies with the process anyway.
            }
        }
    }
}

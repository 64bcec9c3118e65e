package io.github.pixelcnn.serve;

import com.sun.net.httpserver.HttpExchange;
import io.github.pixelcnn.train.MetricsLog;
import io.github.pixelcnn.train.RunDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/training}: a run directory's learning curve (metrics.csv) and whether it is
 * still training; {@code GET /api/training/grid}: its latest sample grid (samples-epoch-NNN.png).
 *
 * <p>A run is training while a process holds the lock on its {@code .lock} file. That is read
 * from {@code /proc/locks}, never by taking the lock, which could refuse a trainer starting at the
 * same moment; where there is no {@code /proc/locks}, a metrics file written in the last few
 * minutes counts instead.
 */
final class TrainingView {
    private static final Duration RECENT = Duration.ofMinutes(5);

    private final RunDirectory run;

    TrainingView(Path dir) {
        this.run = RunDirectory.of(dir);
    }

    void metrics(HttpExchange ex) throws IOException {
        Exchanges.requireMethod(ex, "GET");
        Map<String, Object> out = new LinkedHashMap<>();
        Path metrics = run.metrics();
        List<double[]> rows = new ArrayList<>();
        if (Files.isRegularFile(metrics)) {
            try {
                rows = MetricsLog.read(metrics);
            } catch (IOException | RuntimeException e) {
                rows = List.of(); // being rewritten at this moment; the next refresh reads it
            }
        }
        Path grid = latestGrid();
        out.put("training", training());
        out.put("columns", List.of("step", "train_bpd", "test_bpd"));
        out.put("rows", rows.stream().map(r -> new Double[] {r[0], nanToNull(r[1]), nanToNull(r[2])}).toList());
        out.put("grid", grid == null ? null : grid.getFileName() + "@" + Files.getLastModifiedTime(grid).toMillis());
        Exchanges.json(ex, 200, out);
    }

    void grid(HttpExchange ex) throws IOException {
        Exchanges.requireMethod(ex, "GET");
        Path grid = latestGrid();
        if (grid == null) {
            throw new HttpError(404, "no sample grid yet: one is written after each epoch");
        }
        Exchanges.send(ex, 200, "image/png", Files.readAllBytes(grid));
    }

    private static Double nanToNull(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private Path latestGrid() throws IOException {
        return run.latestSamples().orElse(null);
    }

    boolean training() throws IOException {
        Path lock = run.lock();
        if (!Files.exists(lock)) {
            return false;
        }
        Path locks = Path.of("/proc/locks");
        if (Files.isReadable(locks)) {
            String inode = ":" + Files.getAttribute(lock, "unix:ino") + " ";
            for (String line : Files.readAllLines(locks, StandardCharsets.US_ASCII)) {
                if (line.contains(inode)) {
                    return true;
                }
            }
            return false;
        }
        Path metrics = run.metrics();
        return Files.exists(metrics)
                && Files.getLastModifiedTime(metrics).toInstant().isAfter(Instant.now().minus(RECENT));
    }
}

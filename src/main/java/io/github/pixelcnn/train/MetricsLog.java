package io.github.pixelcnn.train;

import io.github.pixelcnn.data.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code metrics.csv}: one row per logged step. On resume, rows past the checkpoint's step are
 * dropped first, so a run killed between a log line and its next checkpoint has neither gaps nor
 * duplicates once it resumes. That rewrite is atomic and skips a torn last row, so a
 * {@code kill -9} at any moment loses no row that the checkpoint covers.
 */
public final class MetricsLog {
    public static final String HEADER = "step,epoch,train_bpd,test_bpd,images_per_s,elapsed_s";

    private final Path file;

    public MetricsLog(Path file, long resumedStep) {
        this.file = file;
        try {
            List<String> kept = new ArrayList<>();
            kept.add(HEADER);
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.isBlank() || line.startsWith("step")) {
                        continue;
                    }
                    long step = completeRowStep(line);
                    if (step >= 0 && step <= resumedStep) {
                        kept.add(line);
                    }
                }
            }
            String text = String.join("\n", kept) + "\n";
            AtomicFile.write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write metrics: " + e.getMessage(), e);
        }
    }

    public void append(long step, int epoch, double trainBpd, double testBpd, double imagesPerSecond, double elapsed) {
        String row =
                String.format(
                        Locale.ROOT,
                        "%d,%d,%s,%s,%.2f,%.1f%n",
                        step,
                        epoch,
                        fmt(trainBpd),
                        fmt(testBpd),
                        imagesPerSecond,
                        elapsed);
        try {
            Files.writeString(file, row, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write metrics: " + e.getMessage(), e);
        }
    }

    /** The row's step, or -1 for a row cut short by a crash mid-write. */
    private static long completeRowStep(String line) {
        String[] fields = line.split(",", -1);
        if (fields.length != 6 || fields[5].isEmpty()) {
            return -1;
        }
        try {
            return Long.parseLong(fields[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.5f", v);
    }

    /** Reads the rows back: step, train bpd, test bpd (NaN where empty), elapsed seconds. */
    public static List<double[]> read(Path file) throws IOException {
        List<double[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("step")) {
                continue;
            }
            String[] f = line.split(",", -1);
            double elapsed = f.length > 5 ? parse(f[5]) : Double.NaN; // a row that a kill -9 cut short has none
            rows.add(new double[] {Double.parseDouble(f[0]), parse(f[2]), parse(f[3]), elapsed});
        }
        return rows;
    }

    private static double parse(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }
}

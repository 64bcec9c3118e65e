package io.github.pixelcnn.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of this process, Java heap and native (libtorch) memory together, read from
 * Linux's {@code /proc/self/status}: VmRSS now, VmHWM the peak since start.
 */
public final class ProcessMemory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMemory() {}

    /** Resident set size now, in MiB; NaN where /proc is missing (not Linux). */
    public static double rssMiB() {
        return field("VmRSS:");
    }

    /** Peak resident set size ("high water mark"), in MiB; NaN where /proc is missing. */
    public static double peakRssMiB() {
        return field("VmHWM:");
    }

    private static double field(String name) {
        if (!Files.isReadable(STATUS)) {
            return Double.NaN;
        }
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(name)) {
                    String kb = line.substring(name.length()).trim().split("\\s+")[0];
                    return Long.parseLong(kb) / 1024.0;
                }
            }
            return Double.NaN;
        } catch (IOException e) {
            throw new UncheckedIOException(STATUS + ": cannot read: " + e.getMessage(), e);
        }
    }
}

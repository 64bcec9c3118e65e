package io.github.pixelcnn;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a measured figure was measured on: recorded beside benchmarks, reproductions and pretrained models. */
public final class Machine {
    private Machine() {}

    /** The threads libtorch computes with: the launcher's setting, else every processor. */
    public static int threads() {
        String set = System.getProperty("ai.djl.pytorch.num_threads");
        try {
            return set == null ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(set.strip());
        } catch (NumberFormatException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    /** The system's load average over the last minute, NaN where the system does not say. */
    public static double loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? Double.NaN : load;
    }

    /** The CPU's model name from {@code /proc/cpuinfo}, or "unknown" where there is none. */
    public static String cpuModel() {
        Path info = Path.of("/proc/cpuinfo");
        try {
            if (Files.isReadable(info)) {
                for (String line : Files.readAllLines(info)) {
                    if (line.startsWith("model name")) {
                        return line.substring(line.indexOf(':') + 1).trim();
                    }
                }
            }
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return "unknown";
    }
}

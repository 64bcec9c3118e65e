package io.github.pixelcnn;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * The CPU's model name from {@code /proc/cpuinfo}, with its family and model numbers where
     * given (a virtual machine may name only "AMD EPYC", which covers Zen 2 to Zen 5), or "unknown"
     * where there is none.
     */
    public static String cpuModel() {
        Path info = Path.of("/proc/cpuinfo");
        try {
            return Files.isReadable(info) ? cpuModel(Files.readAllLines(info)) : "unknown";
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** The model of the first processor that {@code cpuinfo} lists. */
    static String cpuModel(List<String> cpuinfo) {
        Map<String, String> first = new HashMap<>();
        for (String line : cpuinfo) {
            if (line.isBlank() && !first.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                first.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        String name = first.get("model name");
        if (name == null || name.isEmpty()) {
            return "unknown";
        }
        String family = first.get("cpu family");
        String model = first.get("model");
        return family == null || model == null ? name : name + " (family " + family + ", model " + model + ")";
    }
}

package io.github.pixelcnn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a measured figure was measured on: recorded beside benchmarks, reproductions and pretrained models. */
public final class Machine {
    private Machine() {}

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

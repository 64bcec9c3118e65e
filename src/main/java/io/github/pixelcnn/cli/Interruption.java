package io.github.pixelcnn.cli;

import io.github.pixelcnn.StopHook;
import java.util.Locale;

/**
 * The one line a command prints when Ctrl-C or SIGTERM ends it part-way (the exit code stays the
 * signal's, 130 or 143), as {@code train} prints its stop line: held around the long work of
 * commands that have nothing to save, such as {@code sample} and {@code eval}.
 */
final class Interruption {
    private Interruption() {}

    /** Until closed, a shutdown prints {@code interrupted: WHAT} on stderr, on a line of its own. */
    static StopHook say(String what) {
        return StopHook.notice(() -> {
            System.err.printf(Locale.ROOT, "%ninterrupted: %s%n", what);
            System.err.flush();
        });
    }
}

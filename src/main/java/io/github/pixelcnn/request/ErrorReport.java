package io.github.pixelcnn.request;

import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.BadParameterException;
import io.github.pixelcnn.data.OutputFiles;
import io.github.pixelcnn.train.TrainingDivergedException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A failure as a front end reports it: whether it was bad input (the user can fix it) and one
 * line that says what and how, with the library's parameter names worded as the front end's own
 * flags. The command line and the Spark job print it; the page sends it.
 *
 * @param badInput a bad parameter or input, found in the failure or any of its causes (Spark wraps
 *     a task's failure)
 * @param message one line, without a program prefix
 */
public record ErrorReport(boolean badInput, String message) {
    /**
     * @param flags the library's parameter names and the front end's flags that set them, e.g.
     *     {@code learningRate -> --lr}
     */
    public static ErrorReport of(Throwable e, Map<String, String> flags) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof BadParameterException p) {
                return new ErrorReport(true, flags.getOrDefault(p.parameter(), p.parameter()) + " " + p.problem());
            }
            if (c instanceof BadInputException) {
                return new ErrorReport(true, firstLine(c.getMessage()));
            }
        }
        if (e instanceof TrainingDivergedException d) {
            return new ErrorReport(false, d.message(flags.getOrDefault("learningRate", "learningRate"),
                    flags.getOrDefault("clipGrad", "clipGrad")));
        }
        if (e instanceof UncheckedIOException) {
            return new ErrorReport(false, firstLine(OutputFiles.targetPaths(e.getMessage())));
        }
        // Spark's messages carry the driver's stack trace after the first line.
        return new ErrorReport(false, firstLine(e.getClass().getSimpleName() + ": " + e.getMessage()));
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}

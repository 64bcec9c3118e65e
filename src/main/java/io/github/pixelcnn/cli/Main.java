package io.github.pixelcnn.cli;

import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.train.TrainingDivergedException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pixelcnn}: train, evaluate and sample Gated PixelCNNs from the command line. */
@Command(
        name = "pixelcnn",
        mixinStandardHelpOptions = true,
        version = "pixelcnn-java 0.1.0",
        description = "Gated and Conditional PixelCNN (van den Oord et al. 2016) on the JVM.",
        subcommands = {
            TrainCommand.class,
            EvalCommand.class,
            SampleCommand.class,
            CompleteCommand.class,
            ScoreCommand.class,
            DemoCommand.class,
            BenchCommand.class,
            ReconstructCommand.class,
            InterpolateCommand.class,
            EncodeCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    /** Exit codes: success, failure, bad usage or bad input. */
    public static final int OK = 0;

    public static final int FAILURE = 1;
    public static final int BAD_INPUT = 2;

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code; never calls System.exit. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(Main::handle);
        cli.setParameterExceptionHandler(Main::badUsage);
        return cli.execute(args);
    }

    /** Bad usage: one line that names the problem and where help is, exit 2. */
    private static int badUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr().println("pixelcnn: " + e.getMessage() + " (see: pixelcnn " + cmd.getCommandName() + " --help)");
        cmd.getErr().flush();
        return BAD_INPUT;
    }

    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        boolean verbose = parsed.hasMatchedOption("--verbose")
                || (parsed.subcommand() != null && parsed.subcommand().hasMatchedOption("--verbose"));
        if (verbose) {
            e.printStackTrace(err);
        }
        int code;
        String message;
        if (e instanceof BadInputException) {
            code = BAD_INPUT;
            message = e.getMessage();
        } else if (e instanceof TrainingDivergedException) {
            code = FAILURE;
            message = e.getMessage();
        } else if (e instanceof UncheckedIOException) {
            code = FAILURE;
            message = e.getMessage();
        } else {
            code = FAILURE;
            message = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        err.println("pixelcnn: " + message);
        err.flush();
        return code;
    }
}

package io.github.pixelcnn.cli;

import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.BadParameterException;
import io.github.pixelcnn.data.OutputFiles;
import io.github.pixelcnn.train.TrainingDivergedException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
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
            OodCommand.class,
            DemoCommand.class,
            BenchCommand.class,
            ReconstructCommand.class,
            InterpolateCommand.class,
            EncodeCommand.class,
            ReproduceCommand.class,
            ExportCommand.class,
            ServeCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    /** Exit codes: success, failure, bad usage or bad input. */
    public static final int OK = 0;

    public static final int FAILURE = 1;
    public static final int BAD_INPUT = 2;

    /**
     * The library's parameter names and the flags that set them: the one place where a library
     * message about {@code keepRows} becomes one about {@code --keep-rows}.
     */
    static final Map<String, String> FLAGS = Map.ofEntries(
            Map.entry("temperature", "--temperature"),
            Map.entry("sampler", "--sampler"),
            Map.entry("gradientCheckEvery", "--grad-check-every"),
            Map.entry("keepRows", "--keep-rows"),
            Map.entry("perInput", "--per-input"),
            Map.entry("points", "--points"),
            Map.entry("split", "--split"),
            Map.entry("batchSize", "--batch"),
            Map.entry("learningRate", "--lr"),
            Map.entry("lrDecay", "--lr-decay"),
            Map.entry("epochs", "--epochs"),
            Map.entry("maxSteps", "--steps"),
            Map.entry("minutes", "--minutes"),
            Map.entry("seed", "--seed"),
            Map.entry("checkpointMinutes", "--checkpoint-minutes"),
            Map.entry("clipGrad", "--clip-grad"),
            Map.entry("evalLimit", "--eval-limit"),
            Map.entry("minutesPerModel", "--minutes-per-model"),
            Map.entry("rows", "--rows"),
            Map.entry("noiseSeeds", "--noise-seeds"),
            Map.entry("mapChannels", "--map-channels"),
            Map.entry("trainEvalImages", "--train-eval-limit"),
            Map.entry("epochEvalImages", "--eval-limit"),
            Map.entry("pretrained", "--pretrained"),
            Map.entry("name", "--name"),
            Map.entry("resize", "--resize"),
            Map.entry("perturb", "--perturb"),
            Map.entry("weightDecay", "--weight-decay"));

    /** No subcommand: usage on stderr and exit 2, since nothing was asked for. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "no command given");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code; never calls System.exit. */
    public static int run(String... args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        try {
            CommandLine cli = commandLine();
            cli.setExecutionExceptionHandler(
                    (e, cmd, parsed) -> report(e, cmd.getErr(), verbose || isVerbose(parsed)));
            cli.setParameterExceptionHandler(Main::badUsage);
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // picocli hands Exceptions to the handler but lets Errors through.
            return report(e, new PrintWriter(System.err, true), verbose);
        }
    }

    /** The command tree with its parsing settings: {@code --split TEST} and {@code --split test} alike. */
    static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    /** Bad usage: one line that names the problem and where help is, exit 2. */
    private static int badUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        if (args.length == 0) {
            cmd.usage(err);
        }
        err.println("pixelcnn: " + e.getMessage() + " (see: " + cmd.getCommandSpec().qualifiedName() + " --help)");
        err.flush();
        return BAD_INPUT;
    }

    private static boolean isVerbose(CommandLine.ParseResult parsed) {
        return parsed.hasMatchedOption("--verbose")
                || (parsed.subcommand() != null && parsed.subcommand().hasMatchedOption("--verbose"));
    }

    /**
     * The one place where a failure becomes an exit code and one line on {@code err} (the stack
     * trace above it only when {@code verbose}): 2 for bad input, 1 for anything else.
     */
    static int report(Throwable e, PrintWriter err, boolean verbose) {
        if (outOfMemoryCause(e) != null) {
            return outOfMemory(e, err, verbose);
        }
        if (verbose) {
            e.printStackTrace(err);
        }
        int code;
        String message;
        if (e instanceof BadParameterException p) {
            code = BAD_INPUT;
            message = FLAGS.getOrDefault(p.parameter(), p.parameter()) + " " + p.problem();
        } else if (e instanceof BadInputException) {
            code = BAD_INPUT;
            message = e.getMessage();
        } else if (e instanceof TrainingDivergedException d) {
            code = FAILURE;
            message = d.message(FLAGS.get("learningRate"), FLAGS.get("clipGrad"));
        } else if (e instanceof UncheckedIOException) {
            code = FAILURE;
            message = OutputFiles.targetPaths(e.getMessage());
        } else {
            code = FAILURE;
            message = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        err.println("pixelcnn: " + message);
        err.flush();
        return code;
    }

    private static OutOfMemoryError outOfMemoryCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof OutOfMemoryError oom) {
                return oom;
            }
        }
        return null;
    }

    /** One line that says how to give the JVM more memory; the trace only with --verbose. */
    private static int outOfMemory(Throwable e, PrintWriter err, boolean verbose) {
        if (verbose) {
            e.printStackTrace(err);
        }
        long maxMb = Runtime.getRuntime().maxMemory() >> 20;
        err.println("pixelcnn: out of memory (Java heap of " + maxMb + " MB); give it more, e.g."
                + " JAVA_OPTS=-Xmx16g ./pixelcnn …, or use a smaller --batch or --n");
        err.flush();
        return FAILURE;
    }
}

package io.github.pixelcnn.cli;

import io.github.pixelcnn.request.ErrorReport;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

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
            Map.entry("class", "--class"),
            Map.entry("index", "--index"),
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
            Map.entry("stepsPerModel", "--steps-per-model"),
            Map.entry("rows", "--rows"),
            Map.entry("noiseSeeds", "--noise-seeds"),
            Map.entry("mapChannels", "--map-channels"),
            Map.entry("trainEvalImages", "--train-eval-limit"),
            Map.entry("epochEvalImages", "--eval-limit"),
            Map.entry("pretrained", "--pretrained"),
            Map.entry("name", "--name"),
            Map.entry("resize", "--resize"),
            Map.entry("perturb", "--perturb"),
            Map.entry("weightDecay", "--weight-decay"),
            Map.entry("init", "--init"));

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

    /**
     * Options that a shared mixin gives a command which refuses them: accepted (so that the
     * refusal is one line that names the command) but left out of that command's {@code --help}.
     */
    private static final Map<String, List<String>> NOT_IN_HELP = Map.of(
            "eval", List.of("--class", "--classes", "--vector-from", "--index"),
            "score", List.of("--classes", "--vector-from", "--index"),
            "complete", List.of("--classes", "--marginal", "--vector-from", "--index"),
            "sample", List.of("--vectors", "--marginal"),
            "export", List.of("--precision"),
            "reproduce", List.of("--precision"));

    /** The command tree with its parsing settings: {@code --split TEST} and {@code --split test} alike. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        NOT_IN_HELP.forEach((command, names) -> {
            CommandSpec spec = cli.getSubcommands().get(command).getCommandSpec();
            for (String name : names) {
                OptionSpec shown = spec.findOption(name);
                spec.remove(shown);
                spec.addOption(OptionSpec.builder(shown).hidden(true).build());
            }
        });
        return cli;
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
        ErrorReport report = ErrorReport.of(e, FLAGS);
        int code = report.badInput() ? BAD_INPUT : FAILURE;
        String message = report.message();
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

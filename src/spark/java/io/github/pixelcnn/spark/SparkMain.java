package io.github.pixelcnn.spark;

import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.request.ErrorReport;
import io.github.pixelcnn.request.ModelSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.SparkStatusTracker;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code spark-submit --class io.github.pixelcnn.spark.SparkMain}: {@code score} and {@code
 * sample} as Spark jobs, with the flags of {@code pixelcnn score} and {@code pixelcnn sample} where
 * they apply. Outside spark-submit it runs Spark in local mode.
 */
@Command(name = "pixelcnn-spark", mixinStandardHelpOptions = true,
        description = "Score and sample PixelCNN models as Apache Spark jobs.",
        subcommands = {ScoreJob.class, SampleJob.class, CommandLine.HelpCommand.class})
public final class SparkMain implements Runnable {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int BAD_INPUT = 2;

    /** The library's parameter names and this command's flags that set them. */
    private static final Map<String, String> FLAGS = Map.of("batch", "--batch", "temperature", "--temperature",
            "sampler", "--sampler", "count", "--n", "allClasses", "--classes", "marginal", "--marginal", "class", "--class",
            "index", "--index");

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
        quietLogs(verbose);
        CommandLine cli = new CommandLine(new SparkMain());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> report(e, cmd.getErr(), verbose));
        return cli.execute(args);
    }

    /** One line for a failure: 2 for bad input (also when it failed a task), 1 for anything else. */
    static int report(Throwable e, PrintWriter err, boolean verbose) {
        if (verbose) {
            e.printStackTrace(err);
        }
        ErrorReport report = ErrorReport.of(e, FLAGS);
        err.println("pixelcnn-spark: " + report.message());
        err.flush();
        return report.badInput() ? BAD_INPUT : FAILURE;
    }

    /**
     * Local mode logs through the project's SLF4J binding (spark-submit uses Spark's own log4j
     * setup instead): warnings only, and without --verbose no stack traces of failed tasks, which
     * the one line of {@link #report} already names.
     */
    private static void quietLogs(boolean verbose) {
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        // "Broadcasting large task binary": the checkpoint travels with the task, on purpose.
        setDefault("org.slf4j.simpleLogger.log.org.apache.spark.scheduler.DAGScheduler", "error");
        if (!verbose) {
            for (String logger : new String[] {"org.apache.spark.executor.Executor",
                "org.apache.spark.scheduler.TaskSetManager", "org.apache.spark.util.Utils",
                "org.apache.spark.sql.execution.datasources.FileFormatWriter",
                "org.apache.hadoop.util.NativeCodeLoader"}) {
                setDefault("org.slf4j.simpleLogger.log." + logger, "off");
            }
        }
    }

    private static void setDefault(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** Where the job runs and how many tasks it uses. */
    static final class ClusterOptions {
        @Option(names = "--master", description = "Spark master, e.g. local[2] (default: spark-submit's, else local[*])")
        String master;

        @Option(names = "--partitions", defaultValue = "0",
                description = "tasks to split the work into where the job decides (IDX input, after --limit, sample;"
                        + " Parquet and folders keep their splits), 0 = Spark's default parallelism (default: ${DEFAULT-VALUE})")
        int partitions;

        @Option(names = "--verbose", description = "print stack traces on errors (default: off)")
        boolean verbose;

        SparkSession session(String job) {
            if (partitions < 0) {
                throw new BadInputException("--partitions must be >= 0, got " + partitions);
            }
            SparkSession.Builder builder = SparkSession.builder().appName("pixelcnn " + job);
            if (master != null) {
                builder.master(master);
            } else if (System.getProperty("spark.master") == null) {
                builder.master("local[*]");
            }
            SparkSession spark = builder.getOrCreate();
            spark.sparkContext().setLogLevel("WARN");
            return spark;
        }

        int tasks(SparkSession spark) {
            return partitions > 0 ? partitions : spark.sparkContext().defaultParallelism();
        }
    }

    /** Where the trained model comes from, as in {@code pixelcnn}. */
    static final class ModelChoice {
        @Option(names = "--run", description = "a run directory written by train (its checkpoint.ckpt)") Path run;
        @Option(names = "--checkpoint", description = "a checkpoint file, instead of --run") Path checkpoint;

        ModelLoader load() {
            return ModelLoader.read((checkpoint != null ? ModelSource.checkpoint(checkpoint) : ModelSource.run(run))
                    .checkpointPath());
        }
    }

    /**
     * A failed job leaves its output folder behind (Spark removes only its temporary files); the
     * folder did not exist before the job, so a local one goes, and nothing stays written. Spark
     * reports the failure before its cancelled sibling tasks have stopped, and one of them can
     * still create a task folder, so this waits for the running tasks to end before deleting.
     */
    static void removeFailedOutput(SparkSession spark, String out) {
        awaitNoRunningTasks(spark, Duration.ofSeconds(30));
        Path dir = Path.of(out);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // The job's own failure is the message; a folder left behind is named by it.
        }
    }

    private static void awaitNoRunningTasks(SparkSession spark, Duration limit) {
        SparkStatusTracker tracker = spark.sparkContext().statusTracker();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            boolean running = tracker.getActiveStageIds().length > 0
                    || Arrays.stream(tracker.getExecutorInfos()).anyMatch(e -> e.numRunningTasks() > 0);
            if (!running) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static void refuseExisting(String out) {
        if (Files.exists(Path.of(out))) {
            throw new BadInputException(out + ": already exists; remove it or choose another --out");
        }
    }

}

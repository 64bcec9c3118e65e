package io.github.pixelcnn.spark;

import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.BadParameterException;
import io.github.pixelcnn.data.VectorFile;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ModelConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.SparkStatusTracker;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code spark-submit --class io.github.pixelcnn.spark.SparkMain}: {@code score} and {@code
 * sample} as Spark jobs, with the flags of {@code pixelcnn score} and {@code pixelcnn sample} where
 * they apply. Outside spark-submit it runs Spark in local mode.
 */
@Command(name = "pixelcnn-spark", mixinStandardHelpOptions = true,
        description = "Score and sample PixelCNN models as Apache Spark jobs.",
        subcommands = {SparkMain.Score.class, SparkMain.Sample.class, CommandLine.HelpCommand.class})
public final class SparkMain implements Runnable {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int BAD_INPUT = 2;

    /** The library's parameter names and this command's flags that set them. */
    private static final Map<String, String> FLAGS = Map.of("batch", "--batch", "temperature", "--temperature",
            "sampler", "--sampler", "count", "--n", "allClasses", "--classes", "marginal", "--marginal");

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
        int code = FAILURE;
        String message = e.getClass().getSimpleName() + ": " + e.getMessage();
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof BadParameterException p) {
                code = BAD_INPUT;
                message = FLAGS.getOrDefault(p.parameter(), p.parameter()) + " " + p.problem();
                break;
            }
            if (c instanceof BadInputException) {
                code = BAD_INPUT;
                message = c.getMessage();
                break;
            }
        }
        // Spark's messages carry the driver's stack trace after the first line.
        err.println("pixelcnn-spark: " + (message == null ? "" : message.lines().findFirst().orElse("")));
        err.flush();
        return code;
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
            Path p = checkpoint != null ? checkpoint : run.resolve("checkpoint.ckpt");
            if (!Files.exists(p)) {
                throw new BadInputException(p + ": no checkpoint there; train first or pass --checkpoint");
            }
            return ModelLoader.read(p);
        }
    }

    /**
     * A failed job leaves its output folder behind (Spark removes only its temporary files); the
     * folder did not exist before the job, so a local one goes, and nothing stays written. Spark
     * reports the failure before its cancelled sibling tasks have stopped, and one of them can
     * still create a task folder, so this waits for the running tasks to end before deleting.
     */
    private static void removeFailedOutput(SparkSession spark, String out) {
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

    private static void refuseExisting(String out) {
        if (Files.exists(Path.of(out))) {
            throw new BadInputException(out + ": already exists; remove it or choose another --out");
        }
    }

    @Command(name = "score", mixinStandardHelpOptions = true,
            description = "Score images: bits/dim per image (and per-pixel NLL) as Parquet.")
    static final class Score implements Callable<Integer> {
        @Mixin ClusterOptions cluster;
        @ArgGroup(exclusive = true, multiplicity = "1") ModelChoice model;

        @Option(names = "--input", required = true, description = "IDX image file (labels from the sibling labels"
                + " file), PNG/JPEG, a folder of them (class subfolders give labels), or Parquet with a binary column")
        String input;
        @Option(names = "--image-column", defaultValue = "image",
                description = "Parquet input: the binary column, raw uint8 (C,H,W) or PNG/JPEG bytes (default: ${DEFAULT-VALUE})")
        String imageColumn;
        @Option(names = "--out", required = true,
                description = "Parquet folder to write: id, label, path, bits_per_dim, nats[, nll], error")
        String out;
        @Option(names = "--per-pixel", description = "also write the per-pixel NLL in nats, (C,H,W) flattened,"
                + " as column nll (default: off)")
        boolean perPixel;
        @Option(names = "--class", description = "class-conditional model: the class of every image (default: each"
                + " image's label; images without labels are scored by the marginal)")
        Integer classIndex;
        @Option(names = "--marginal", description = "class-conditional model: report log p(x), the marginal over"
                + " classes with the training split's class frequencies (default: off)")
        boolean marginal;
        @Option(names = "--strict", description = "fail the job at the first image that cannot be scored, naming"
                + " its id (default: off: such rows get an error and the job goes on)")
        boolean strict;
        @Option(names = "--batch", defaultValue = "64",
                description = "images per forward pass: more is faster and takes more memory (default: ${DEFAULT-VALUE})")
        int batch;
        @Option(names = "--limit", defaultValue = "0", description = "read only the first N input images, 0 = all"
                + " (default: ${DEFAULT-VALUE})")
        int limit;
        @Option(names = "--background", paramLabel = "CHECKPOINT", description = "a background model's checkpoint"
                + " (train --perturb): adds columns background_bits_per_dim and likelihood_ratio (default: none)")
        Path background;

        @Override
        public Integer call() {
            if (batch < 1 || limit < 0) {
                throw new BadInputException("--batch must be >= 1 and --limit >= 0");
            }
            refuseExisting(out);
            ModelLoader loader = model.load();
            ModelConfig mc = loader.config();
            ModelLoader bg = background == null ? null : ModelLoader.read(Files.isDirectory(background)
                    ? background.resolve("checkpoint.ckpt") : background);
            SparkSession spark = cluster.session("score");
            ImageRows.Source source = ImageRows.read(spark, input, imageColumn, mc, cluster.tasks(spark), limit);
            boolean byMarginal = marginal || (Conditioning.of(mc) == Conditioning.CLASS && classIndex == null
                    && !source.labelled());
            ScoreSettings settings = new ScoreSettings(batch, classIndex, byMarginal, perPixel, strict);
            long start = System.nanoTime();
            try {
                PixelCnnSpark.score(source.rows(), loader, bg, settings).write().parquet(out);
            } catch (Exception e) { // SparkException is checked, though Scala does not declare it
                removeFailedOutput(spark, out);
                throw e;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Dataset<Row> written = spark.read().parquet(out);
            long rows = written.count();
            long errors = written.filter("error IS NOT NULL").count();
            Row mean = written.filter("error IS NULL").agg(org.apache.spark.sql.functions.avg("bits_per_dim")).first();
            System.out.printf(Locale.ROOT, "scored %d images%s: mean %.4f bits/dim (%s; %.1f images/s over the job,"
                    + " %.1f s) -> %s%n", rows - errors,
                    errors == 0 ? "" : " (" + errors + " could not be scored: see column error)",
                    mean.isNullAt(0) ? Double.NaN : mean.getDouble(0), describe(mc, settings), rows / seconds,
                    seconds, out);
            return OK;
        }
    }

    private static String describe(ModelConfig mc, ScoreSettings s) {
        return switch (Conditioning.of(mc)) {
            case NONE -> "unconditional";
            case CLASS -> s.marginal() ? "log p(x) marginalised over " + mc.conditionSize() + " classes"
                    : s.classIndex() != null ? "conditional on class " + s.classIndex()
                    : "conditional on each image's label";
            case VECTOR -> "conditional on vectors";
            case CODE -> "conditional on the encoder's code";
        };
    }

    @Command(name = "sample", mixinStandardHelpOptions = true,
            description = "Sample images as Parquet rows or PNG files; image id's seed depends on --seed and id only.")
    static final class Sample implements Callable<Integer> {
        @Mixin ClusterOptions cluster;
        @ArgGroup(exclusive = true, multiplicity = "1") ModelChoice model;

        @Option(names = "--n", defaultValue = "16", description = "images to draw (per class with --classes all)"
                + " (default: ${DEFAULT-VALUE})")
        long n;
        @Option(names = "--seed", defaultValue = "1", description = "seed of every random draw: image id is drawn"
                + " from its own stream, seeded from (seed, id) (default: ${DEFAULT-VALUE})")
        long seed;
        @Option(names = "--temperature", defaultValue = "1.0", description = "divides the logits before each draw;"
                + " 1 samples the model itself, lower is more conservative (default: ${DEFAULT-VALUE})")
        float temperature;
        @Option(names = "--class", description = "class-conditional model: the class of every image (default: none;"
                + " such a model needs it or --classes all)") Integer classIndex;
        @Option(names = "--classes", description = "class-conditional model: 'all' draws --n images per class,"
                + " image id of class id / n (default: one class, --class)")
        String classes;
        @Option(names = "--vector-from", description = "vector-conditional model or auto-encoder: .npy or CSV of"
                + " vectors or codes (default: none, required for those models)")
        Path vectorFrom;
        @Option(names = "--index", description = "row of --vector-from to condition on (default: 0)") Integer index;
        @Option(names = "--sampler", defaultValue = "cached", description = "cached (every model) or naive (the"
                + " reference); both give the same images for the same seed (default: ${DEFAULT-VALUE})")
        String sampler;
        @Option(names = "--batch", defaultValue = "16", description = "images drawn together in a task: more is"
                + " faster and takes more memory (default: ${DEFAULT-VALUE})")
        int batch;
        @Option(names = "--format", defaultValue = "parquet", description = "parquet (id, class, seed, image as raw"
                + " uint8 C,H,W) or png (one file per image, named by id) (default: ${DEFAULT-VALUE})")
        String format;
        @Option(names = "--out", required = true, description = "folder to write (must not exist)") String out;

        @Override
        public Integer call() {
            if (!format.equals("parquet") && !format.equals("png")) {
                throw new BadInputException("--format must be parquet or png, got " + format);
            }
            if (classes != null && !classes.equals("all")) {
                throw new BadInputException("--classes takes only 'all', got " + classes);
            }
            if (index != null && vectorFrom == null) {
                throw new BadInputException("--index picks a row of --vector-from; give --vector-from FILE");
            }
            refuseExisting(out);
            ModelLoader loader = model.load();
            ModelConfig mc = loader.config();
            SampleSettings settings = new SampleSettings(n, seed, temperature, batch, sampler, classIndex,
                    classes != null, vector());
            SparkSession spark = cluster.session("sample");
            long start = System.nanoTime();
            Dataset<Row> samples = PixelCnnSpark.sample(spark, loader, settings, cluster.tasks(spark));
            long total = settings.allClasses() ? n * mc.conditionSize() : n;
            try {
                if (format.equals("png")) {
                    PixelCnnSpark.writePngs(samples, mc, Path.of(out), total);
                } else {
                    samples.write().parquet(out);
                }
            } catch (Exception e) { // SparkException is checked, though Scala does not declare it
                removeFailedOutput(spark, out);
                throw e;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "wrote %d samples as %s to %s (%.1f s, %.1f images/s)%n", total,
                    format.equals("png") ? "PNG files" : "Parquet", out, seconds, total / seconds);
            return OK;
        }

        private float[] vector() {
            if (vectorFrom == null) {
                return null;
            }
            VectorFile table = VectorFile.read(vectorFrom);
            int row = index == null ? 0 : index;
            if (row < 0 || row >= table.rows()) {
                throw new BadInputException("--index " + row + ": outside 0.." + (table.rows() - 1) + " of " + vectorFrom);
            }
            return Arrays.copyOfRange(table.values(), row * table.columns(), (row + 1) * table.columns());
        }
    }
}

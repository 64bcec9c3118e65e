package io.github.pixelcnn.spark;

import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ModelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pixelcnn-spark score}: flags in, one {@link PixelCnnSpark#score} job, a summary out. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Score images: bits/dim per image (and per-pixel NLL) as Parquet.")
final class ScoreJob implements Callable<Integer> {
    @Mixin SparkMain.ClusterOptions cluster;
    @ArgGroup(exclusive = true, multiplicity = "1") SparkMain.ModelChoice model;

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
        SparkMain.refuseExisting(out);
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
            SparkMain.removeFailedOutput(spark, out);
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
        return SparkMain.OK;
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
}

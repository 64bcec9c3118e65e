package io.github.pixelcnn.spark;

import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.VectorFile;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.request.ConditionSpec;
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

/** {@code pixelcnn-spark sample}: flags in, one {@link PixelCnnSpark#sample} job, the images out. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Sample images as Parquet rows or PNG files; image id's seed depends on --seed and id only.")
final class SampleJob implements Callable<Integer> {
    @Mixin SparkMain.ClusterOptions cluster;
    @ArgGroup(exclusive = true, multiplicity = "1") SparkMain.ModelChoice model;

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
        SparkMain.refuseExisting(out);
        ModelLoader loader = model.load();
        ModelConfig mc = loader.config();
        SampleSettings settings = new SampleSettings(n, seed, temperature, batch, sampler, classIndex,
                classes != null, vector(mc));
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
            SparkMain.removeFailedOutput(spark, out);
            throw e;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "wrote %d samples as %s to %s (%.1f s, %.1f images/s)%n", total,
                format.equals("png") ? "PNG files" : "Parquet", out, seconds, total / seconds);
        return SparkMain.OK;
    }

    /** Row --index of --vector-from, checked against the model. */
    private float[] vector(ModelConfig mc) {
        return vectorFrom == null ? null
                : ConditionSpec.vectorRow(VectorFile.read(vectorFrom), index == null ? 0 : index).forSampling(mc, 1)
                        .values();
    }
}

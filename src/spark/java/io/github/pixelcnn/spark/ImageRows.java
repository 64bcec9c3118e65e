package io.github.pixelcnn.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.ImageFolder;
import io.github.pixelcnn.data.ImageInput;
import io.github.pixelcnn.model.ModelConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Images as a Spark table: {@code (id long, label int, path string, image binary)}, where image is
 * either the raw uint8 pixels, (C, H, W) flattened, or a PNG or JPEG file's bytes (decoded on the
 * executors, through the library's one decoder), label and path may be null.
 *
 * <p>Sources: an IDX file, a single PNG or JPEG (read on the driver, ids 0…N-1 as {@code pixelcnn
 * score} numbers them, labels from the sibling labels file); a folder of PNG/JPEG files, read as
 * Spark's {@code binaryFile} source (ids in the order of the sorted paths, labels from class
 * subfolders when there are any); or Parquet with a binary column, where {@code id} and {@code
 * label} columns are taken when present. IDX files and image folders are local paths of the driver
 * (or a shared mount); a URI such as {@code hdfs://} or {@code s3a://} is read as Parquet, the form
 * for collections beyond one machine.
 */
public final class ImageRows {
    /** The table that {@link PixelCnnSpark#score} takes. */
    public static final StructType SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("id", DataTypes.LongType, false),
        DataTypes.createStructField("label", DataTypes.IntegerType, true),
        DataTypes.createStructField("path", DataTypes.StringType, true),
        DataTypes.createStructField("image", DataTypes.BinaryType, true)
    });

    private ImageRows() {}

    /**
     * Image rows, and whether the source has labels at all (a class model scores images without
     * them by the marginal, as {@code pixelcnn score} does).
     */
    public record Source(Dataset<Row> rows, boolean labelled) {}

    /**
     * Reads {@code source} as images for a model of {@code config}.
     *
     * @param imageColumn the binary column of a Parquet source
     * @param partitions how many partitions the rows are spread over when the source does not decide
     * @param limit the first {@code limit} images only, 0 = all
     */
    public static Source read(SparkSession spark, String source, String imageColumn, ModelConfig config,
            int partitions, int limit) {
        boolean remote = source.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*") && !source.startsWith("file://");
        Path local = remote ? null : Path.of(source.startsWith("file://") ? source.substring("file://".length()) : source);
        if (remote || isParquet(source, local)) {
            Dataset<Row> table = spark.read().parquet(source);
            boolean labelled = Arrays.asList(table.columns()).contains("label");
            return new Source(limit(parquet(table, source, imageColumn), limit, partitions), labelled);
        }
        if (Files.isDirectory(local)) {
            return new Source(limit(folder(spark, local), limit, partitions), hasSubfolders(local));
        }
        if (!Files.exists(local)) {
            throw new BadInputException(source + ": no such file or directory");
        }
        ImageDataset data = ImageInput.read(local, config.imageChannels(), config.height(), config.width());
        return new Source(of(spark, data, limit == 0 ? data.size() : Math.min(limit, data.size()), partitions),
                data.hasLabels());
    }

    /** The first {@code count} images of a dataset in the driver's memory, ids 0…count-1. */
    public static Dataset<Row> of(SparkSession spark, ImageDataset data, int count, int partitions) {
        int dims = data.channels() * data.height() * data.width();
        List<Row> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(RowFactory.create((long) i, data.hasLabels() ? data.label(i) : null, null,
                    Arrays.copyOfRange(data.pixels(), i * dims, (i + 1) * dims)));
        }
        JavaRDD<Row> rdd = new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext())
                .parallelize(rows, Math.max(1, partitions));
        return spark.createDataFrame(rdd, SCHEMA);
    }

    // A limit gathers the rows into one partition; spread them out again for the scoring.
    private static Dataset<Row> limit(Dataset<Row> rows, int limit, int partitions) {
        return limit == 0 ? rows : rows.limit(limit).repartition(Math.max(1, partitions));
    }

    private static Dataset<Row> parquet(Dataset<Row> table, String source, String imageColumn) {
        List<String> columns = Arrays.asList(table.columns());
        if (!columns.contains(imageColumn)) {
            throw new BadInputException(source + ": no column '" + imageColumn + "' (columns: "
                    + String.join(", ", columns) + "); name the binary column of images");
        }
        if (!(table.schema().apply(imageColumn).dataType() instanceof org.apache.spark.sql.types.BinaryType)) {
            throw new BadInputException(source + ": column '" + imageColumn + "' is "
                    + table.schema().apply(imageColumn).dataType().simpleString() + ", not binary");
        }
        return table.select(
                columns.contains("id") ? col("id").cast("long").as("id") : monotonically_increasing_id().as("id"),
                columns.contains("label") ? col("label").cast("int").as("label") : lit(null).cast("int").as("label"),
                columns.contains("path") ? col("path").cast("string").as("path") : lit(null).cast("string").as("path"),
                col(imageColumn).as("image"));
    }

    private static Dataset<Row> folder(SparkSession spark, Path dir) {
        List<String> classes = hasSubfolders(dir) ? ImageFolder.classNames(dir) : List.of();
        Dataset<Row> files = spark.read().format("binaryFile").option("recursiveFileLookup", "true")
                .option("pathGlobFilter", "*.{png,PNG,jpg,JPG,jpeg,JPEG}").load(dir.toString())
                .select(col("path"), col("content")).orderBy(col("path"));
        JavaRDD<Row> rows = files.javaRDD().zipWithIndex().map((Tuple2<Row, Long> t) -> {
            String path = t._1().getString(0);
            return RowFactory.create(t._2(), label(path, classes), path, t._1().get(1));
        });
        return spark.createDataFrame(rows, SCHEMA);
    }

    /** The index of the class subfolder that holds {@code path}, or null. */
    private static Integer label(String path, List<String> classes) {
        if (classes.isEmpty()) {
            return null;
        }
        String[] parts = path.split("/");
        int k = parts.length >= 2 ? classes.indexOf(parts[parts.length - 2]) : -1;
        return k < 0 ? null : k;
    }

    private static boolean isParquet(String source, Path local) {
        if (source.toLowerCase(Locale.ROOT).endsWith(".parquet")) {
            return true;
        }
        if (!Files.isDirectory(local)) {
            return false;
        }
        try (Stream<Path> s = Files.list(local)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"));
        } catch (IOException e) {
            throw new UncheckedIOException(local + ": cannot list: " + e.getMessage(), e);
        }
    }

    private static boolean hasSubfolders(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith("."));
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list: " + e.getMessage(), e);
        }
    }
}

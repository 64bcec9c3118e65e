package io.github.pixelcnn.spark;

import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.AtomicFile;
import io.github.pixelcnn.data.ImageGrid;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.ood.OodScorer;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Likelihood scoring and sampling of large image sets as Spark jobs: the library's {@link
 * io.github.pixelcnn.eval.Scorer} and cached samplers inside {@code mapPartitions}, with the model
 * shipped as a {@link ModelLoader} and created once per executor task slot.
 *
 * <p>Both return lazy {@link Dataset}s; write them with {@code .write().parquet(dir)}, whose commit
 * protocol keeps only the output of each task's successful attempt, so a retried task writes no
 * duplicate rows.
 */
public final class PixelCnnSpark {
    private PixelCnnSpark() {}

    /**
     * The table that {@link #score} returns: {@code (id, label, path, bits_per_dim, nats[, nll],
     * error)}; nats is {@code -log p(x)} of the image, nll the per-sub-pixel NLL in nats, (C, H, W)
     * flattened; a row that could not be scored has nulls there and says why in error.
     */
    public static StructType scoreSchema(boolean perPixel) {
        return scoreSchema(perPixel, false);
    }

    /**
     * The table of {@link #score(Dataset, ModelLoader, ModelLoader, ScoreSettings)}: with a background
     * model, {@code background_bits_per_dim} and {@code likelihood_ratio} (bits/dim minus the
     * background's, {@code ood.OodScore#RATIO}) follow {@code nats}.
     */
    public static StructType scoreSchema(boolean perPixel, boolean background) {
        StructType schema = new StructType()
                .add("id", DataTypes.LongType, false)
                .add("label", DataTypes.IntegerType, true)
                .add("path", DataTypes.StringType, true)
                .add("bits_per_dim", DataTypes.DoubleType, true)
                .add("nats", DataTypes.DoubleType, true);
        if (background) {
            schema = schema.add("background_bits_per_dim", DataTypes.DoubleType, true)
                    .add("likelihood_ratio", DataTypes.DoubleType, true);
        }
        if (perPixel) {
            schema = schema.add("nll", DataTypes.createArrayType(DataTypes.FloatType, false), true);
        }
        return schema.add("error", DataTypes.StringType, true);
    }

    /** The table that {@link #sample} returns: {@code (id, class, seed, image)}, image raw uint8 (C, H, W). */
    public static final StructType SAMPLE_SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("id", DataTypes.LongType, false),
        DataTypes.createStructField("class", DataTypes.IntegerType, true),
        DataTypes.createStructField("seed", DataTypes.LongType, false),
        DataTypes.createStructField("image", DataTypes.BinaryType, false)
    });

    /**
     * Scores every row of {@code images} ({@link ImageRows#SCHEMA}).
     *
     * @throws BadInputException for a model whose h the job cannot take (vectors given beside the
     *     images), or settings that do not fit it
     */
    public static Dataset<Row> score(Dataset<Row> images, ModelLoader model, ScoreSettings settings) {
        return score(images, model, null, settings);
    }

    /**
     * Scores every row of {@code images} and, with a {@code background} model (trained with {@code
     * train --perturb}), each row's likelihood ratio, as {@code pixelcnn ood} computes it.
     *
     * @param background null for bits/dim only
     */
    public static Dataset<Row> score(Dataset<Row> images, ModelLoader model, ModelLoader background,
            ScoreSettings settings) {
        ModelConfig cfg = model.config();
        if (background != null) {
            OodScorer.requireSameImages(cfg, background.config());
        }
        Conditioning kind = Conditioning.of(cfg);
        if (kind == Conditioning.VECTOR) {
            throw new BadInputException("a vector-conditional model needs a vector per image; the Spark job scores"
                    + " unconditional, class-conditional and auto-encoder models");
        }
        if (kind != Conditioning.CLASS && (settings.classIndex() != null || settings.marginal())) {
            throw new BadInputException("a class or the class marginal does not apply to a model conditioned on "
                    + kind.describe());
        }
        if (settings.classIndex() != null && (settings.classIndex() < 0 || settings.classIndex() >= cfg.conditionSize())) {
            throw new BadInputException("class must be in 0.." + (cfg.conditionSize() - 1) + ", got "
                    + settings.classIndex());
        }
        Dataset<Row> rows = images.select("id", "label", "path", "image");
        return rows.mapPartitions(new ScorePartition(model, background, settings),
                Encoders.row(scoreSchema(settings.perPixel(), background != null)));
    }

    /**
     * Draws images 0 … total-1 ({@code count}, or {@code count} per class), {@code settings.batch()}
     * per batch, the batches spread over {@code partitions} tasks; see {@link SampleSettings} for how
     * each image's seed is derived.
     */
    public static Dataset<Row> sample(SparkSession spark, ModelLoader model, SampleSettings settings, int partitions) {
        ModelConfig cfg = model.config();
        SamplePartition.check(cfg, settings);
        long total = settings.allClasses() ? settings.count() * cfg.conditionSize() : settings.count();
        long batches = (total + settings.batch() - 1) / settings.batch();
        int tasks = (int) Math.max(1, Math.min(partitions, batches));
        return spark.range(0, batches, 1, tasks)
                .flatMap(new SamplePartition(model, settings, total), Encoders.row(SAMPLE_SCHEMA));
    }

    /**
     * Writes each sample as {@code dir/<id>.png} (gray or RGB as the model), ids zero-padded to the
     * width of the largest, so that the files read back as the images the model drew;
     * each file is written whole or not at all, and a retried task rewrites the same bytes.
     * {@code dir} must be a path every executor can write (local mode, or a shared mount).
     *
     * @return images written
     */
    public static long writePngs(Dataset<Row> samples, ModelConfig cfg, Path dir, long total) {
        String folder = dir.toString();
        int digits = Long.toString(Math.max(0, total - 1)).length();
        int c = cfg.imageChannels();
        int h = cfg.height();
        int w = cfg.width();
        samples.foreachPartition((ForeachPartitionFunction<Row>) rows -> {
            while (rows.hasNext()) {
                Row row = rows.next();
                String name = String.format(Locale.ROOT, "%0" + digits + "d.png", row.getLong(0));
                BufferedImage image = toImage((byte[]) row.get(3), c, h, w);
                AtomicFile.write(Path.of(folder, name), out -> ImageGrid.encodePng(image, out));
            }
        });
        return total;
    }

    /** One image, (C, H, W) uint8, as a gray or RGB picture. */
    private static BufferedImage toImage(byte[] pixels, int c, int h, int w) {
        if (c == 1) {
            BufferedImage gray = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            gray.getRaster().setDataElements(0, 0, w, h, pixels);
            return gray;
        }
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int plane = h * w;
        for (int p = 0; p < plane; p++) {
            rgb.setRGB(p % w, p / w, (pixels[p] & 0xff) << 16 | (pixels[plane + p] & 0xff) << 8
                    | (pixels[2 * plane + p] & 0xff));
        }
        return rgb;
    }
}

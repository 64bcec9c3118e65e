package io.github.pixelcnn.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.cli.Main;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.ImageGrid;
import io.github.pixelcnn.data.ImageInput;
import io.github.pixelcnn.eval.Scorer;
import io.github.pixelcnn.model.ConditionSource;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.train.Checkpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job in {@code local[2]} scores as {@code pixelcnn score} does, per image, from every
 * source; rows that cannot be scored say why and name their id.
 */
class SparkScoreTest {
    static final int N = 300;
    @TempDir static Path tmp;
    static SparkSession spark;
    static Path classModel;
    static Path images;

    @BeforeAll
    static void setUp() {
        spark = SparkFixtures.spark("local[2]");
        classModel = SparkFixtures.checkpoint(tmp, "class.ckpt", true, 3);
        images = SparkFixtures.idx(Files.exists(tmp.resolve("idx")) ? tmp.resolve("idx") : mkdir(tmp.resolve("idx")),
                N, 5);
    }

    @AfterAll
    static void tearDown() {
        spark.stop();
    }

    @Test
    void idxScoresEqualTheCommandLinePerImage() throws IOException {
        Path csv = tmp.resolve("cli.csv");
        assertThat(Main.run("score", "--checkpoint", classModel.toString(), "--input", images.toString(), "--out",
                csv.toString(), "--batch", "32")).isZero();
        Map<Long, Double> cli = new HashMap<>();
        for (String line : Files.readAllLines(csv).subList(1, N + 1)) {
            String[] f = line.split(",");
            cli.put(Long.parseLong(f[0]), Double.parseDouble(f[2]));
        }
        Path out = tmp.resolve("idx-scores");
        assertThat(SparkMain.run("score", "--checkpoint", classModel.toString(), "--input", images.toString(),
                "--out", out.toString(), "--per-pixel", "--batch", "16", "--partitions", "3")).isZero();
        List<Row> rows = spark.read().parquet(out.toString()).collectAsList();
        assertThat(rows).hasSize(N);
        assertThat(rows.stream().map(r -> r.getLong(0)).distinct().count()).isEqualTo(N);
        for (Row r : rows) {
            assertThat(r.isNullAt(r.fieldIndex("error"))).isTrue();
            assertThat(r.getDouble(r.fieldIndex("bits_per_dim"))).as("id %d", r.getLong(0))
                    .isCloseTo(cli.get(r.getLong(0)), within(1e-5));
            assertThat(r.getInt(r.fieldIndex("label"))).isEqualTo((int) (r.getLong(0) % SparkFixtures.CLASSES));
        }
        // The per-pixel column against the library's scorer on the whole file.
        try (NDManager m = NDManager.newBaseManager()) {
            Checkpoint ckpt = Checkpoint.read(classModel);
            PixelModel model = ckpt.restoreModel(m);
            ImageDataset data = ImageInput.read(images, 1, 8, 8);
            Scorer.Scores reference = Scorer.score(model, data, ConditionSource.of(model, data), N, 64, m);
            for (Row r : rows) {
                int id = (int) r.getLong(0);
                List<Float> nll = r.getList(r.fieldIndex("nll"));
                assertThat(nll).hasSize(64);
                double sum = 0;
                for (int k = 0; k < 64; k++) {
                    assertThat((double) nll.get(k)).isCloseTo(reference.nats()[id * 64 + k], within(1e-5));
                    sum += nll.get(k);
                }
                assertThat(r.getDouble(r.fieldIndex("nats"))).isCloseTo(sum, within(1e-6));
            }
        }
    }

    @Test
    void marginalAndOneClassEqualTheCommandLine() throws IOException {
        for (String[] flags : new String[][] {{"--marginal"}, {"--class", "2"}}) {
            Path csv = tmp.resolve("cli-" + flags[0].substring(2) + ".csv");
            List<String> cliArgs = new ArrayList<>(List.of("score", "--checkpoint", classModel.toString(), "--input",
                    images.toString(), "--out", csv.toString(), "--limit", "40"));
            cliArgs.addAll(Arrays.asList(flags));
            assertThat(Main.run(cliArgs.toArray(String[]::new))).isZero();
            List<String> lines = Files.readAllLines(csv);
            Path out = tmp.resolve("spark-" + flags[0].substring(2));
            List<String> sparkArgs = new ArrayList<>(List.of("score", "--checkpoint", classModel.toString(), "--input",
                    images.toString(), "--out", out.toString(), "--limit", "40"));
            sparkArgs.addAll(Arrays.asList(flags));
            assertThat(SparkMain.run(sparkArgs.toArray(String[]::new))).isZero();
            List<Row> rows = spark.read().parquet(out.toString()).collectAsList();
            assertThat(rows).hasSize(40);
            for (Row r : rows) {
                double cli = Double.parseDouble(lines.get(1 + (int) r.getLong(0)).split(",")[2]);
                assertThat(r.getDouble(r.fieldIndex("bits_per_dim"))).as("%s id %d", flags[0], r.getLong(0))
                        .isCloseTo(cli, within(1e-5));
            }
        }
    }

    @Test
    void aFolderOfPngsScoresAsTheCommandLineDoes() throws IOException {
        Path folder = mkdir(tmp.resolve("pngs"));
        ImageDataset data = ImageInput.read(images, 1, 8, 8);
        for (int i = 0; i < 12; i++) {
            try (java.io.OutputStream file = Files.newOutputStream(folder.resolve(String.format("img-%02d.png", i)))) {
                ImageGrid.encodePng(gray(Arrays.copyOfRange(data.pixels(), i * 64, (i + 1) * 64)), file);
            }
        }
        Path unconditional = SparkFixtures.checkpoint(tmp, "none.ckpt", false, 9);
        Path csv = tmp.resolve("pngs.csv");
        assertThat(Main.run("score", "--checkpoint", unconditional.toString(), "--input", folder.toString(), "--out",
                csv.toString())).isZero();
        List<String> lines = Files.readAllLines(csv);
        ModelLoader loader = ModelLoader.read(unconditional);
        ImageRows.Source source = ImageRows.read(spark, folder.toString(), "image", loader.config(), 2, 0);
        List<Row> rows = PixelCnnSpark.score(source.rows(), loader, ScoreSettings.defaults()).collectAsList();
        assertThat(rows).hasSize(12);
        for (Row r : rows) {
            int id = (int) r.getLong(0);
            assertThat(r.getString(r.fieldIndex("path"))).endsWith(String.format("img-%02d.png", id));
            assertThat(r.getDouble(r.fieldIndex("bits_per_dim")))
                    .isCloseTo(Double.parseDouble(lines.get(1 + id).split(",")[2]), within(1e-5));
        }
    }

    @Test
    void corruptRowsGetAnErrorNamingTheirIdAndTheRestIsScored() throws IOException {
        ModelLoader loader = ModelLoader.read(classModel);
        ImageDataset data = ImageInput.read(images, 1, 8, 8);
        byte[] raw = Arrays.copyOfRange(data.pixels(), 0, 64);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageGrid.encodePng(gray(raw), png);
        ByteArrayOutputStream big = new ByteArrayOutputStream();
        ImageGrid.encodePng(gray(new byte[100]), big);
        StructType schema = new StructType().add("id", DataTypes.LongType).add("label", DataTypes.IntegerType)
                .add("pixels", DataTypes.BinaryType);
        List<Row> rows = List.of(
                RowFactory.create(10L, 0, raw),
                RowFactory.create(11L, 0, png.toByteArray()),
                RowFactory.create(12L, 0, new byte[] {1, 2, 3}),
                RowFactory.create(13L, 0, null),
                RowFactory.create(14L, 0, big.toByteArray()),
                RowFactory.create(15L, 7, raw),
                RowFactory.create(16L, null, raw));
        Path parquet = tmp.resolve("mixed.parquet");
        spark.createDataFrame(rows, schema).repartition(2).write().parquet(parquet.toString());
        ImageRows.Source source = ImageRows.read(spark, parquet.toString(), "pixels", loader.config(), 2, 0);
        assertThat(source.labelled()).isTrue();
        Map<Long, Row> out = new HashMap<>();
        for (Row r : PixelCnnSpark.score(source.rows(), loader, ScoreSettings.defaults()).collectAsList()) {
            out.put(r.getLong(0), r);
        }
        assertThat(out).hasSize(7);
        double bits = out.get(10L).getDouble(out.get(10L).fieldIndex("bits_per_dim"));
        assertThat(out.get(11L).getDouble(out.get(11L).fieldIndex("bits_per_dim"))).as("PNG bytes = raw bytes")
                .isCloseTo(bits, within(1e-6));
        assertThat(error(out.get(12L))).contains("image id 12").contains("3 bytes").contains("PNG");
        assertThat(error(out.get(13L))).contains("image id 13").contains("null");
        assertThat(error(out.get(14L))).contains("image id 14").contains("10x10");
        assertThat(error(out.get(15L))).contains("image id 15").contains("label 7").contains("3 classes");
        assertThat(error(out.get(16L))).contains("image id 16").contains("no label");
        for (long id : new long[] {12, 13, 14, 15, 16}) {
            assertThat(out.get(id).isNullAt(out.get(id).fieldIndex("bits_per_dim"))).isTrue();
        }

        ScoreSettings strict = new ScoreSettings(64, null, false, false, true);
        assertThatThrownBy(() -> PixelCnnSpark.score(source.rows(), loader, strict).collectAsList())
                .hasMessageContaining("image id 1"); // 12, 13, 14, 15 or 16: whichever fails first
        Path never = tmp.resolve("never");
        assertThat(SparkMain.run("score", "--checkpoint", classModel.toString(), "--input", parquet.toString(),
                "--image-column", "pixels", "--out", never.toString(), "--strict")).isEqualTo(SparkMain.BAD_INPUT);
        assertThat(never).as("a failed job leaves no output folder").doesNotExist();
    }

    @Test
    void badArgumentsAreOneLineExitTwo() {
        assertThat(SparkMain.run("score", "--checkpoint", tmp.resolve("missing.ckpt").toString(), "--input",
                images.toString(), "--out", tmp.resolve("x").toString())).isEqualTo(SparkMain.BAD_INPUT);
        assertThat(SparkMain.run("score", "--checkpoint", classModel.toString(), "--input", images.toString(),
                "--out", tmp.resolve("y").toString(), "--class", "5")).isEqualTo(SparkMain.BAD_INPUT);
        assertThat(tmp.resolve("y")).doesNotExist();
        assertThat(SparkMain.run("score", "--checkpoint", classModel.toString(), "--input", images.toString(),
                "--out", tmp.resolve("z").toString(), "--batch", "0")).isEqualTo(SparkMain.BAD_INPUT);
    }

    private static String error(Row r) {
        return r.getString(r.fieldIndex("error"));
    }

    private static java.awt.image.BufferedImage gray(byte[] pixels) {
        int side = (int) Math.sqrt(pixels.length);
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(side, side,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, side, side, pixels);
        return image;
    }

    static Path mkdir(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package io.github.pixelcnn.spark;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.Seeds;
import io.github.pixelcnn.cli.Main;
import io.github.pixelcnn.data.IdxFile;
import io.github.pixelcnn.data.ImageInput;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.sample.Sampler;
import io.github.pixelcnn.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sample id of the Spark job is the single-machine sampler's image for the seed derived from
 * (seed, id), whatever the batching and partitioning; PNG output holds the same images.
 */
class SparkSampleTest {
    @TempDir static Path tmp;
    static SparkSession spark;
    static Path classModel;

    @BeforeAll
    static void setUp() {
        spark = SparkFixtures.spark("local[2]");
        classModel = SparkFixtures.checkpoint(tmp, "class.ckpt", true, 4);
    }

    @AfterAll
    static void tearDown() {
        spark.stop();
    }

    @Test
    void sampleIdDependsOnSeedAndIdOnly() {
        ModelLoader loader = ModelLoader.read(classModel);
        SampleSettings fours = new SampleSettings(10, 21, 1f, 4, "cached", null, true, null);
        SampleSettings sevens = new SampleSettings(10, 21, 1f, 7, "cached", null, true, null);
        Map<Long, Row> a = byId(PixelCnnSpark.sample(spark, loader, fours, 3).collectAsList());
        Map<Long, Row> b = byId(PixelCnnSpark.sample(spark, loader, sevens, 1).collectAsList());
        assertThat(a).hasSize(30);
        assertThat(b.keySet()).isEqualTo(a.keySet());
        try (NDManager m = NDManager.newBaseManager()) {
            PixelModel model = Checkpoint.read(classModel).restoreModel(m);
            for (long id = 0; id < 30; id++) {
                Row row = a.get(id);
                assertThat(row.getInt(1)).isEqualTo((int) (id / 10));
                assertThat(row.getLong(2)).isEqualTo(Seeds.forImage(21, id));
                assertThat((byte[]) b.get(id).get(3)).as("id %d, another batching", id).isEqualTo(row.get(3));
                byte[] alone = Sampler.forModel(model).sample(model, Condition.sameClass((int) (id / 10), 1, 3), 1, 1f,
                        Seeds.forImage(21, id), m);
                assertThat((byte[]) row.get(3)).as("id %d, drawn alone", id).isEqualTo(alone);
            }
        }
        assertThat((byte[]) a.get(0L).get(3)).isNotEqualTo(a.get(1L).get(3));
    }

    @Test
    void theCommandLineDrawsTheSameImageFromTheDerivedSeed() throws Exception {
        Path parquet = tmp.resolve("samples");
        assertThat(SparkMain.run("sample", "--checkpoint", classModel.toString(), "--class", "1", "--n", "6",
                "--seed", "5", "--temperature", "0.9", "--batch", "4", "--out", parquet.toString())).isZero();
        Map<Long, Row> rows = byId(spark.read().parquet(parquet.toString()).collectAsList());
        assertThat(rows).hasSize(6);
        Path raw = tmp.resolve("one.idx");
        assertThat(Main.run("sample", "--checkpoint", classModel.toString(), "--class", "1", "--n", "1", "--seed",
                Long.toString(Seeds.forImage(5, 4)), "--temperature", "0.9", "--out", tmp.resolve("one.png").toString(),
                "--raw", raw.toString())).isZero();
        assertThat(IdxFile.read(raw, 3).data()).isEqualTo(rows.get(4L).get(3));

        Path pngs = tmp.resolve("pngs");
        assertThat(SparkMain.run("sample", "--checkpoint", classModel.toString(), "--class", "1", "--n", "6",
                "--seed", "5", "--temperature", "0.9", "--format", "png", "--out", pngs.toString())).isZero();
        try (var files = Files.list(pngs)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("0.png", "1.png", "2.png", "3.png", "4.png", "5.png");
        }
        for (long id = 0; id < 6; id++) {
            byte[] decoded = ImageInput.read(pngs.resolve(id + ".png"), 1, 8, 8).pixels();
            assertThat(decoded).as("id %d", id).isEqualTo(rows.get(id).get(3));
        }
    }

    @Test
    void settingsThatDoNotFitTheModelAreOneLineExitTwo() {
        assertThat(SparkMain.run("sample", "--checkpoint", classModel.toString(), "--n", "2", "--out",
                tmp.resolve("a").toString())).isEqualTo(SparkMain.BAD_INPUT);
        assertThat(SparkMain.run("sample", "--checkpoint", classModel.toString(), "--class", "3", "--out",
                tmp.resolve("b").toString())).isEqualTo(SparkMain.BAD_INPUT);
        assertThat(SparkMain.run("sample", "--checkpoint", classModel.toString(), "--class", "0", "--temperature",
                "0", "--out", tmp.resolve("c").toString())).isEqualTo(SparkMain.BAD_INPUT);
        assertThat(SparkMain.run("sample", "--checkpoint", classModel.toString(), "--class", "0", "--format", "gif",
                "--out", tmp.resolve("d").toString())).isEqualTo(SparkMain.BAD_INPUT);
        assertThat(tmp.resolve("a")).doesNotExist();
        assertThat(tmp.resolve("b")).doesNotExist();
    }

    private static Map<Long, Row> byId(List<Row> rows) {
        Map<Long, Row> out = new HashMap<>();
        for (Row r : rows) {
            assertThat(out.put(r.getLong(0), r)).as("id %d once", r.getLong(0)).isNull();
        }
        return out;
    }
}

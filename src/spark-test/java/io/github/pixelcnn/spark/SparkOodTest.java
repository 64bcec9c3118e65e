package io.github.pixelcnn.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.pixelcnn.cli.Main;
import java.io.IOException;
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

/** {@code score --background} in Spark gives each row the likelihood ratio that {@code pixelcnn score} gives. */
class SparkOodTest {
    static final int N = 40;
    @TempDir static Path tmp;
    static SparkSession spark;

    @BeforeAll
    static void setUp() {
        spark = SparkFixtures.spark("local[2]");
    }

    @AfterAll
    static void tearDown() {
        spark.stop();
    }

    @Test
    void ratioPerRowEqualsTheCommandLine() throws IOException {
        Path model = SparkFixtures.checkpoint(tmp, "fg.ckpt", false, 3);
        Path background = SparkFixtures.checkpoint(tmp, "bg.ckpt", false, 4);
        Path images = SparkFixtures.idx(Files.createDirectories(tmp.resolve("idx")), N, 5);
        Path csv = tmp.resolve("cli.csv");
        assertThat(Main.run("score", "--checkpoint", model.toString(), "--background", background.toString(),
                "--input", images.toString(), "--out", csv.toString())).isZero();
        Map<Long, Double> cli = new HashMap<>();
        for (String line : Files.readAllLines(csv).subList(1, N + 1)) {
            String[] f = line.split(",");
            cli.put(Long.parseLong(f[0]), Double.parseDouble(f[4]));
        }
        Path out = tmp.resolve("scores");
        assertThat(SparkMain.run("score", "--checkpoint", model.toString(), "--background", background.toString(),
                "--input", images.toString(), "--out", out.toString(), "--batch", "16", "--partitions", "2")).isZero();
        List<Row> rows = spark.read().parquet(out.toString()).collectAsList();
        assertThat(rows).hasSize(N);
        for (Row r : rows) {
            double ratio = r.getDouble(r.fieldIndex("likelihood_ratio"));
            assertThat(ratio).as("id %d", r.getLong(0)).isCloseTo(cli.get(r.getLong(0)), within(1e-5));
            assertThat(ratio).isCloseTo(r.getDouble(r.fieldIndex("bits_per_dim"))
                    - r.getDouble(r.fieldIndex("background_bits_per_dim")), within(1e-9));
        }
    }
}

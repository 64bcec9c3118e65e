package io.github.pixelcnn.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task that fails after scoring part of its partition is retried, and the Parquet output holds
 * every image exactly once: Spark's commit protocol discards the failed attempt's file.
 */
class SparkRetryTest {
    static final int N = 200;
    // local mode: tasks run in this JVM, so a static counts the failures they inject.
    static final AtomicInteger INJECTED = new AtomicInteger();
    @TempDir static Path tmp;
    static SparkSession spark;

    @BeforeAll
    static void setUp() {
        spark = SparkFixtures.spark("local[2,2]"); // 2 threads, a task may fail once and be retried
    }

    @AfterAll
    static void tearDown() {
        spark.stop();
    }

    @Test
    void aRetriedTaskWritesNoDuplicateRows() {
        Path model = SparkFixtures.checkpoint(tmp, "none.ckpt", false, 6);
        Path images = SparkFixtures.idx(SparkScoreTest.mkdir(tmp.resolve("idx")), N, 8);
        ModelLoader loader = ModelLoader.read(model);
        Dataset<Row> rows = ImageRows.read(spark, images.toString(), "image", loader.config(), 2, 0).rows();
        Dataset<Row> flaky = rows.mapPartitions(new FailFirstAttemptAfter(70), Encoders.row(ImageRows.SCHEMA));
        Path out = tmp.resolve("scores");
        PixelCnnSpark.score(flaky, loader, new ScoreSettings(16, null, false, false, false)).write()
                .parquet(out.toString());
        assertThat(INJECTED.get()).as("the first attempt of partition 0 failed").isEqualTo(1);
        Dataset<Row> written = spark.read().parquet(out.toString());
        assertThat(written.count()).isEqualTo(N);
        assertThat(written.select("id").distinct().count()).isEqualTo(N);
        assertThat(written.filter("error IS NOT NULL").count()).isZero();
    }

    /** Passes rows through; attempt 0 of partition 0 throws after {@code after} rows, once scoring has begun. */
    static final class FailFirstAttemptAfter implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final int after;

        FailFirstAttemptAfter(int after) {
            this.after = after;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> input) {
            TaskContext task = TaskContext.get();
            boolean fail = task.partitionId() == 0 && task.attemptNumber() == 0;
            return new Iterator<>() {
                int passed;

                @Override
                public boolean hasNext() {
                    if (fail && passed == after) {
                        INJECTED.incrementAndGet();
                        throw new IllegalStateException("injected failure of the first attempt");
                    }
                    return input.hasNext();
                }

                @Override
                public Row next() {
                    passed++;
                    return input.next();
                }
            };
        }
    }
}

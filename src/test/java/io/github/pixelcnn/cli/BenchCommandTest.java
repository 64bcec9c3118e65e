package io.github.pixelcnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.pixelcnn.nn.Precision;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench} on the small config with the fewest steps and no sampling phase (minutes of the
 * suite's time; {@code bench.BenchmarkTest} times sampling on a tiny model): valid JSON with every
 * figure, also in --json.
 */
class BenchCommandTest {
    @TempDir Path dir;

    @Test
    void printsEveryFigureAsJson() throws Exception {
        Path file = dir.resolve("bench.json");
        CommandLineTest.Result r = CommandLineTest.run("bench", "--config", "small", "--steps", "2", "--warmup", "1",
                "--no-sampling", "--batch", "8", "--json", file.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
        JsonObject json = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(json.keySet()).contains("machine", "config", "train_images_per_s", "train_step_s",
                "final_train_bits_per_dim", "eval_images_per_s", "naive_sample16_s_extrapolated", "cached_sample16_s", "cached_speedup",
                "sample_rows_timed", "forward_gflop_per_image", "train_gflops", "eval_gflops", "matmul_gflops",
                "train_efficiency", "eval_efficiency", "rss_after_warmup_mb", "rss_after_train_mb", "rss_mb",
                "peak_rss_mb", "load_average_at_end");
        assertThat(json.getAsJsonObject("machine").keySet())
                .contains("cpu", "cores", "torch_threads", "os", "java", "djl", "libtorch", "load_average_at_start");
        assertThat(json.getAsJsonObject("config").get("parameters").getAsLong()).isPositive();
        assertThat(json.getAsJsonObject("config").get("precision").getAsString()).isEqualTo("fp32");
        assertThat(json.getAsJsonObject("machine").get("cpu_has_bf16").getAsBoolean())
                .isEqualTo(Precision.BF16.isNative());
        assertThat(r.err()).as("no bf16 note in fp32").doesNotContain("bf16 instructions");
        for (String key : new String[] {"train_images_per_s", "eval_images_per_s", "matmul_gflops", "peak_rss_mb"}) {
            assertThat(json.get(key).getAsDouble()).as(key).isPositive().isFinite();
        }
        assertThat(json.get("naive_sample16_s_extrapolated").getAsDouble()).as("not run").isNaN();
        assertThat(json.getAsJsonArray("sampling")).isEmpty();
        assertThat(JsonParser.parseString(Files.readString(file))).isEqualTo(json);
    }

    @Test
    void rejectsAnUnknownConfig() {
        CommandLineTest.Result r = CommandLineTest.run("bench", "--config", "huge");
        assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err()).contains("--config");
    }
}

package io.github.pixelcnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pixelcnn.nn.Precision;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --precision}: a run trained in bf16 (config.json says so, an epoch's sample grid is
 * drawn in bf16) evaluates and samples in fp32 and in bf16; a bad value is exit 2 with one line, and
 * so is bf16 for a command that runs only in fp32.
 */
class PrecisionOptionTest {
    @TempDir Path dir;

    @Test
    void trainInBf16ThenEvaluateAndSampleInBoth() {
        Path data = TinyIdx.write(dir.resolve("data"), 32, 16);
        Path run = dir.resolve("run");
        CommandLineTest.Result train = CommandLineTest.run(CommandLineTest.trainArgsOn("mnist:" + data, run,
                "--steps", "2", "--precision", "bf16"));
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(run.resolve("config.json")).content().contains("\"precision\": \"bf16\"");
        assertThat(run.resolve("samples-epoch-000.png")).exists();
        assertThat(train.err().contains("no bf16 instructions")).isEqualTo(!Precision.BF16.isNative());
        for (String precision : new String[] {"fp32", "bf16"}) {
            CommandLineTest.Result eval = CommandLineTest.run("eval", "--run", run.toString(), "--dataset",
                    "mnist:" + data, "--json", "--precision", precision);
            assertThat(eval.code()).as(eval.err()).isZero();
            assertThat(eval.out()).contains("bits_per_dim");
            CommandLineTest.Result sample = CommandLineTest.run("sample", "--run", run.toString(), "--class", "1",
                    "--n", "2", "--out", dir.resolve("s-" + precision + ".png").toString(), "--precision", precision);
            assertThat(sample.code()).as(sample.err()).isZero();
            assertThat(dir.resolve("s-" + precision + ".png")).exists();
        }
    }

    @Test
    void anUnknownPrecisionIsRefused() {
        CommandLineTest.Result r = CommandLineTest.run("eval", "--run", dir.resolve("none").toString(), "--dataset",
                "mnist:" + dir, "--precision", "fp16");
        assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err()).contains("--precision").contains("fp16");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void commandsThatRunOnlyInFp32RefuseBf16InOneLine() {
        Path data = TinyIdx.write(dir.resolve("data"), 32, 16);
        Path run = dir.resolve("run");
        assertThat(CommandLineTest.run(CommandLineTest.trainArgsOn("mnist:" + data, run, "--steps", "2")).code())
                .isZero();
        Path models = dir.resolve("models");
        String[][] commands = {
            {"export", "--run", run.toString(), "--name", "tiny", "--models-dir", models.toString(), "--dataset",
                "mnist:" + data, "--precision", "bf16"},
            {"reproduce", "--dataset", "mnist:" + data, "--minutes-per-model", "0.1", "--out",
                dir.resolve("repro").toString(), "--precision", "bf16"},
        };
        for (String[] args : commands) {
            CommandLineTest.Result r = CommandLineTest.run(args);
            assertThat(r.code()).as(args[0] + ": " + r.err()).isEqualTo(Main.BAD_INPUT);
            assertThat(r.err()).as(args[0]).contains("--precision bf16 does not apply");
            assertThat(r.err().strip().lines()).as(args[0]).hasSize(1);
        }
        assertThat(models).doesNotExist();
        assertThat(dir.resolve("repro")).doesNotExist();
    }
}

package io.github.pixelcnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code score} end to end: CSV rows, per-pixel NLL that sums to the CSV's bits/dim, heatmaps, bad input. */
class ScoreCommandTest {
    @TempDir static Path tmp;
    static Path run;

    @BeforeAll
    static void train() {
        CommandLineTest.dir = tmp;
        CommandLineTest.makeDataset();
        run = tmp.resolve("score-run");
        CommandLineTest.Result r = CommandLineTest.run(CommandLineTest.trainArgs(run, "--steps", "2"));
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void writesCsvPerPixelAndHeatmaps() throws IOException {
        Path input = CommandLineTest.data.resolve("t10k-images-idx3-ubyte.gz");
        Path csv = tmp.resolve("scores.csv");
        Path raw = tmp.resolve("nll.f32");
        Path maps = tmp.resolve("maps");
        CommandLineTest.Result r = CommandLineTest.run("score", "--run", run.toString(), "--input", input.toString(),
                "--out", csv.toString(), "--per-pixel", raw.toString(), "--heatmaps", maps.toString(), "--batch", "5");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("images/s");
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(17);
        assertThat(lines.get(0)).isEqualTo("index,label,bits_per_dim");
        assertThat(lines.get(2)).startsWith("1,1,");
        com.google.gson.JsonObject sidecar = com.google.gson.JsonParser.parseString(Files.readString(Path.of(raw + ".json")))
                .getAsJsonObject();
        assertThat(sidecar.get("shape").toString()).isEqualTo("[16,1,8,8]");
        assertThat(sidecar.get("unit").getAsString()).isEqualTo("nats");
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.remaining()).isEqualTo(16 * 64 * 4);
        double nats = 0;
        for (int k = 0; k < 64; k++) {
            nats += b.getFloat(4 * (64 * 3 + k)); // image 3
        }
        double bits = Double.parseDouble(lines.get(4).split(",")[2]);
        assertThat(nats / (64 * Math.log(2))).isCloseTo(bits, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(maps.resolve("heatmaps.png")).exists();
    }

    @Test
    void wrongSizeIsBadInputAndWritesNothing() throws IOException {
        Path png = tmp.resolve("big.png");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(5, 5, java.awt.image.BufferedImage.TYPE_BYTE_GRAY),
                "png", png.toFile());
        Path csv = tmp.resolve("never.csv");
        CommandLineTest.Result r = CommandLineTest.run("score", "--run", run.toString(), "--input", png.toString(),
                "--out", csv.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("big.png").contains("5x5");
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
        assertThat(csv).doesNotExist();
    }
}

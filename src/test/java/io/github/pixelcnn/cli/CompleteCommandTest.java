package io.github.pixelcnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pixelcnn.data.IdxFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code complete} end to end on the tiny run of {@link CommandLineTest}: kept rows survive, bad input fails cleanly. */
class CompleteCommandTest {
    @TempDir static Path tmp;
    static Path run;

    @BeforeAll
    static void train() {
        CommandLineTest.dir = tmp; // the shared tiny dataset, written into this class's folder
        CommandLineTest.makeDataset();
        run = CommandLineTest.dir.resolve("complete-run");
        CommandLineTest.Result r = CommandLineTest.run(CommandLineTest.trainArgs(run, "--steps", "2"));
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void keepsGivenRowsAndWritesTheGrid() throws IOException {
        Path input = CommandLineTest.data.resolve("t10k-images-idx3-ubyte.gz");
        Path out = CommandLineTest.dir.resolve("completions.png");
        CommandLineTest.Result r = CommandLineTest.run("complete", "--run", run.toString(), "--input", input.toString(),
                "--keep-rows", "3", "--per-input", "2", "--limit", "3", "--seed", "4", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        BufferedImage grid = ImageIO.read(out.toFile());
        int cell = 8 * 2 + 2; // 8 pixels at scale 2, plus the gap
        assertThat(grid.getWidth()).isEqualTo(4 * cell - 2);
        assertThat(grid.getHeight()).isEqualTo(3 * cell - 2);
        byte[] originals = IdxFile.read(input, 3).data();
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 2; k++) {
                for (int y = 0; y < 3; y++) {
                    for (int x = 0; x < 8; x++) {
                        int gray = grid.getRGB((2 + k) * cell + 2 * x, i * cell + 2 * y) & 0xff;
                        assertThat(gray).as("image %d completion %d (%d, %d)", i, k, y, x)
                                .isEqualTo(originals[i * 64 + y * 8 + x] & 0xff);
                    }
                }
            }
        }
    }

    @Test
    void missingInputIsBadInputAndWritesNothing() {
        Path out = CommandLineTest.dir.resolve("none.png");
        CommandLineTest.Result r = CommandLineTest.run("complete", "--run", run.toString(), "--input",
                CommandLineTest.dir.resolve("absent.png").toString(), "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
        assertThat(out).doesNotExist();
    }
}

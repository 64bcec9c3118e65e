package io.github.pixelcnn.cli;

import static io.github.pixelcnn.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.pixelcnn.cli.CommandLineTest.Result;
import io.github.pixelcnn.data.IdxFile;
import io.github.pixelcnn.data.VectorFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Auto-encoder and vector conditioning from the command line: train, eval, encode, reconstruct, interpolate, sample. */
class AutoEncoderCommandsTest {
    @TempDir static Path dir;
    static String dataset;

    @BeforeAll
    static void makeDataset() throws java.io.IOException {
        Path data = java.nio.file.Files.createDirectories(dir.resolve("mnist"));
        for (String prefix : new String[] {"train", "t10k"}) {
            int n = prefix.equals("train") ? 32 : 16;
            Random random = new Random(n);
            byte[] images = new byte[n * 64];
            byte[] labels = new byte[n];
            for (int i = 0; i < n; i++) {
                labels[i] = (byte) (i % 2);
                for (int p = 0; p < 64; p++) {
                    images[i * 64 + p] = (byte) (((p / 8 + i) % 3 == 0 ? 200 : 30) + random.nextInt(20));
                }
            }
            IdxFile.write(data.resolve(prefix + "-images-idx3-ubyte"), new int[] {n, 8, 8}, images, false);
            IdxFile.write(data.resolve(prefix + "-labels-idx1-ubyte"), new int[] {n}, labels, false);
        }
        dataset = "mnist:" + data;
    }

    private static String[] train(Path run, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--dataset", dataset, "--layers", "2", "--channels", "8",
                "--head", "16", "--batch", "16", "--steps", "2", "--seed", "3", "--out", run.toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    private static void ok(Result r) {
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void autoEncoderEndToEndAndItsCodesAsVectors() throws java.io.IOException {
        Path ae = dir.resolve("ae");
        ok(run(train(ae, "--model", "autoencoder", "--bottleneck", "4", "--form", "both", "--map-channels", "4")));
        assertThat(ae.resolve("config.json")).content().contains("\"AUTOENCODER\"").contains("\"BOTH\"");
        assertThat(ae.resolve("samples-epoch-000.png")).exists();

        Result eval = run("eval", "--run", ae.toString(), "--dataset", dataset);
        ok(eval);
        assertThat(eval.out()).contains("conditional on the encoder's 4-d code, both");

        Path testCodes = dir.resolve("test-codes.npy");
        Path trainCodes = dir.resolve("train-codes.npy");
        ok(run("encode", "--run", ae.toString(), "--dataset", dataset, "--out", testCodes.toString()));
        ok(run("encode", "--run", ae.toString(), "--dataset", dataset, "--split", "train", "--out", trainCodes.toString()));
        assertThat(VectorFile.read(testCodes).rows()).isEqualTo(16);
        assertThat(VectorFile.read(trainCodes).columns()).isEqualTo(4);

        Path grid = dir.resolve("recon.png");
        ok(run("reconstruct", "--run", ae.toString(), "--dataset", dataset, "--limit", "2", "--per-input", "2", "--out", grid.toString()));
        assertThat(grid).exists();
        Path line = dir.resolve("line.png");
        ok(run("interpolate", "--run", ae.toString(), "--dataset", dataset, "--a", "0", "--b", "1", "--points", "3",
                "--out", line.toString()));
        assertThat(javax.imageio.ImageIO.read(line.toFile()).getWidth()).isEqualTo(5 * (8 * 2 + 2) - 2); // A | 3 | B
        // --sampler naive, the reference, draws the same images as the default cached sampler.
        Path naiveGrid = dir.resolve("recon-naive.png");
        ok(run("reconstruct", "--run", ae.toString(), "--dataset", dataset, "--limit", "2", "--per-input", "2",
                "--sampler", "naive", "--out", naiveGrid.toString()));
        assertThat(naiveGrid).hasSameBinaryContentAs(grid);
        Path naiveLine = dir.resolve("line-naive.png");
        ok(run("interpolate", "--run", ae.toString(), "--dataset", dataset, "--a", "0", "--b", "1", "--points", "3",
                "--sampler", "naive", "--out", naiveLine.toString()));
        assertThat(naiveLine).hasSameBinaryContentAs(line);
        Result onePoint = run("interpolate", "--run", ae.toString(), "--dataset", dataset, "--a", "0", "--b", "1",
                "--points", "1", "--out", dir.resolve("never.png").toString());
        assertThat(onePoint.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(onePoint.err().strip()).isEqualTo("pixelcnn: --points must be at least 2, got 1");
        assertThat(dir.resolve("never.png")).doesNotExist();

        Path csvCodes = dir.resolve("codes/test-codes.csv"); // the extension picks CSV; the folder is created
        ok(run("encode", "--run", ae.toString(), "--dataset", dataset, "--out", csvCodes.toString()));
        assertThat(java.nio.file.Files.readString(csvCodes)).doesNotStartWith("\u0093NUMPY");
        assertThat(VectorFile.read(csvCodes).values()).containsExactly(VectorFile.read(testCodes).values());
        Result bin = run("encode", "--run", ae.toString(), "--dataset", dataset, "--out", dir.resolve("codes.bin").toString());
        assertThat(bin.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(dir.resolve("codes.bin")).doesNotExist();
        Path fromCode = dir.resolve("from-code.png");
        ok(run("sample", "--run", ae.toString(), "--vector-from", testCodes.toString(), "--index", "3", "--n", "2",
                "--out", fromCode.toString()));
        assertThat(fromCode).exists();

        Path vec = dir.resolve("vec");
        ok(run(train(vec, "--conditional", "vector:" + trainCodes, "--test-vectors", testCodes.toString(),
                "--form", "spatial", "--map-channels", "4")));
        Result vecEval = run("eval", "--run", vec.toString(), "--dataset", dataset, "--vectors", testCodes.toString());
        ok(vecEval);
        assertThat(vecEval.out()).contains("conditional on 4-d vectors, spatial");

        Result wrongCount = run("eval", "--run", vec.toString(), "--dataset", dataset, "--vectors", trainCodes.toString());
        assertThat(wrongCount.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(wrongCount.err()).contains(trainCodes + ": 32 vectors for 16 images");
        Result notAe = run("reconstruct", "--run", vec.toString(), "--dataset", dataset, "--out", grid.toString());
        assertThat(notAe.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(notAe.err()).contains("reconstruct needs an auto-encoder");
    }
}

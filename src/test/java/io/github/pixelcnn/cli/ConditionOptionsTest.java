package io.github.pixelcnn.cli;

import static io.github.pixelcnn.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.pixelcnn.cli.CommandLineTest.Result;
import io.github.pixelcnn.data.VectorFile;
import io.github.pixelcnn.train.Checkpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's model × command table, in process: every kind of model (unconditional, class,
 * vector, spatial vector, auto-encoder) through train, eval, score, sample, complete, reconstruct
 * and interpolate, each with the h that command uses; flags that do not apply are refused.
 */
class ConditionOptionsTest {
    @TempDir static Path dir;
    static String dataset;
    static Path testImages;
    static Path unlabelled;
    static Path trainVectors;
    static Path testVectors;

    @BeforeAll
    static void makeData() throws IOException {
        Path data = TinyIdx.write(dir.resolve("tiny"), 32, 16);
        dataset = "mnist:" + data;
        testImages = data.resolve("t10k-images-idx3-ubyte.gz");
        unlabelled = Files.copy(testImages, dir.resolve("no-labels.gz")); // no labels file beside it
        trainVectors = vectors("train.npy", 32, 3);
        testVectors = vectors("test.npy", 16, 3);
    }

    private static Path vectors(String name, int rows, int columns) {
        Random random = new Random(rows);
        float[] v = new float[rows * columns];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        Path file = dir.resolve(name);
        VectorFile.writeNpy(file, v, rows, columns);
        return file;
    }

    private static Path train(String name, String... extra) {
        Path run = dir.resolve(name);
        List<String> a = new ArrayList<>(List.of("train", "--dataset", dataset, "--layers", "2", "--channels", "8",
                "--head", "16", "--batch", "16", "--steps", "2", "--seed", "3", "--out", run.toString()));
        a.addAll(List.of(extra));
        ok(run(a.toArray(String[]::new)));
        return run;
    }

    private static Result ok(Result r) {
        assertThat(r.code()).as(r.err()).isZero();
        return r;
    }

    private static void refused(Result r, String message) {
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err()).contains(message);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
    }

    private static String out(String name) {
        return dir.resolve(name).toString();
    }

    /** eval, score, sample and complete with the h of each model; reconstruct and interpolate only for the auto-encoder. */
    private static void commands(Path run, String[] h, String[] sampleH, boolean autoEncoder) {
        String r = run.toString();
        String tag = run.getFileName().toString();
        ok(run(concat(new String[] {"eval", "--run", r, "--dataset", dataset, "--limit", "4"}, h)));
        ok(run(concat(new String[] {"score", "--run", r, "--input", testImages.toString(), "--limit", "4",
            "--out", out(tag + "-scores.csv")}, h)));
        assertThat(dir.resolve(tag + "-scores.csv")).exists();
        ok(run(concat(new String[] {"sample", "--run", r, "--n", "2", "--out", out(tag + "-samples.png")}, sampleH)));
        ok(run(concat(new String[] {"complete", "--run", r, "--input", testImages.toString(), "--limit", "2",
            "--n-completions", "1", "--out", out(tag + "-completions.png")}, h)));
        String[] reconstruct = {"reconstruct", "--run", r, "--dataset", dataset, "--n", "2", "--k", "1",
            "--out", out(tag + "-recon.png")};
        String[] interpolate = {"interpolate", "--run", r, "--dataset", dataset, "--a", "0", "--b", "1", "--steps", "2",
            "--out", out(tag + "-line.png")};
        if (autoEncoder) {
            ok(run(reconstruct));
            ok(run(interpolate));
        } else {
            refused(run(reconstruct), "reconstruct needs an auto-encoder");
            refused(run(interpolate), "interpolate needs an auto-encoder");
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void unconditionalModel() {
        Path run = train("none", "--conditional", "none");
        commands(run, new String[0], new String[0], false);
        String r = run.toString();
        refused(run("sample", "--run", r, "--class", "1", "--out", out("x.png")),
                "--class: does not apply to an unconditional model");
        refused(run("score", "--run", r, "--input", testImages.toString(), "--out", out("x.csv"), "--marginal"),
                "--marginal: does not apply to an unconditional model");
        refused(run("complete", "--run", r, "--input", testImages.toString(), "--vectors", testVectors.toString(),
                "--out", out("x.png")), "--vectors: does not apply to an unconditional model");
    }

    @Test
    void classModelAndItsMarginal() {
        Path run = train("class");
        assertThat(Checkpoint.read(run.resolve("checkpoint.ckpt")).classPrior())
                .as("the training split's class frequencies (labels 0,1,2 in turn over 32 images; MNIST has 10)")
                .containsExactly(11 / 32.0, 11 / 32.0, 10 / 32.0, 0, 0, 0, 0, 0, 0, 0);
        commands(run, new String[0], new String[] {"--class", "1"}, false);
        String r = run.toString();
        refused(run("sample", "--run", r, "--out", out("x.png")),
                "a class-conditional model of 10 classes: choose --class 0..9 or --classes all");
        refused(run("complete", "--run", r, "--input", testImages.toString(), "--vectors", testVectors.toString(),
                "--out", out("x.png")), "--vectors: does not apply to a model conditioned on class labels");
        refused(run("sample", "--run", r, "--class", "1", "--index", "2", "--out", out("x.png")),
                "--index picks a row of --vector-from");
        refused(run("eval", "--run", r, "--dataset", dataset, "--classes", "all"), "--classes: does not apply to eval");
        refused(run("complete", "--run", r, "--input", testImages.toString(), "--marginal", "--out", out("x.png")),
                "--marginal: does not apply to complete");
        refused(run("score", "--run", r, "--input", testImages.toString(), "--class", "2", "--marginal",
                "--out", out("x.csv")), "--class and --marginal contradict each other; give one");
        refused(run("sample", "--run", r, "--class", "10", "--out", out("x.png")), "--class must be in 0..9, got 10");

        Result labelled = ok(run("score", "--run", r, "--input", testImages.toString(), "--out", out("l.csv")));
        assertThat(labelled.out()).contains("conditional on each image's label");
        Result marginal = ok(run("eval", "--run", r, "--dataset", dataset, "--marginal"));
        assertThat(marginal.out()).contains("marginalised over 10 classes, p(y) = the training split's class frequencies");
        Result noLabels = ok(run("score", "--run", r, "--input", unlabelled.toString(), "--out", out("u.csv")));
        assertThat(noLabels.out()).contains("marginalised over 10 classes").contains("the images have no labels");
        refused(run("complete", "--run", r, "--input", unlabelled.toString(), "--out", out("x.png")),
                "no labels; give --class");
        ok(run("complete", "--run", r, "--input", unlabelled.toString(), "--class", "2", "--limit", "1",
                "--n-completions", "1", "--out", out("c2.png")));
    }

    @Test
    void vectorModelGlobalAndSpatial() {
        for (String form : new String[] {"global", "spatial"}) {
            Path run = train("vector-" + form, "--conditional", "vector:" + trainVectors, "--test-vectors",
                    testVectors.toString(), "--form", form, "--map-channels", "2");
            commands(run, new String[] {"--vectors", testVectors.toString()},
                    new String[] {"--vector-from", testVectors.toString(), "--index", "2"}, false);
            String r = run.toString();
            refused(run("sample", "--run", r, "--class", "1", "--vector-from", testVectors.toString(), "--out",
                    out("x.png")), "--class: does not apply to a model conditioned on vectors");
            refused(run("sample", "--run", r, "--out", out("x.png")), "give --vector-from FILE");
            refused(run("complete", "--run", r, "--input", testImages.toString(), "--out", out("x.png")),
                    "give --vectors FILE");
            refused(run("eval", "--run", r, "--dataset", dataset, "--vectors", trainVectors.toString()),
                    trainVectors + ": 32 vectors for 16 images");
            refused(run("eval", "--run", r, "--dataset", dataset, "--vectors", testVectors.toString(), "--marginal"),
                    "--marginal: does not apply to a model conditioned on vectors");
        }
    }

    @Test
    void autoEncoder() {
        Path run = train("ae", "--model", "autoencoder", "--bottleneck", "3", "--form", "both", "--map-channels", "2");
        Path codes = dir.resolve("codes.npy");
        ok(run("encode", "--run", run.toString(), "--dataset", dataset, "--out", codes.toString()));
        commands(run, new String[0], new String[] {"--vector-from", codes.toString()}, true);
        String r = run.toString();
        refused(run("complete", "--run", r, "--input", testImages.toString(), "--class", "1", "--out", out("x.png")),
                "--class: does not apply to a model conditioned on auto-encoder codes");
        Path five = vectors("five-codes.npy", 4, 5);
        refused(run("sample", "--run", r, "--vector-from", five.toString(), "--out", out("x.png")),
                five + ": vectors of size 5, the model takes 3");
        refused(run("sample", "--run", r, "--vector-from", codes.toString(), "--index", "16", "--out", out("x.png")),
                "--index 16: outside 0..15 of " + codes);
        Result eval = ok(run("eval", "--run", r, "--dataset", dataset, "--limit", "4"));
        assertThat(eval.out()).contains("conditional on the encoder's 3-d code, both");
    }

    @Test
    void vectorFilesAreCheckedBeforeTraining() throws IOException {
        Path five = vectors("five.npy", 16, 5);
        Path run = dir.resolve("mismatch");
        Result r = run("train", "--dataset", dataset, "--layers", "2", "--channels", "8", "--head", "16", "--steps", "2",
                "--conditional", "vector:" + trainVectors, "--test-vectors", five.toString(), "--out", run.toString());
        refused(r, five + ": vectors of size 5, the training split's " + trainVectors + " has 3");
        assertThat(run).doesNotExist();
        refused(run("train", "--dataset", dataset, "--steps", "2", "--test-vectors", testVectors.toString(), "--out",
                run.toString()), "--test-vectors: does not apply to --conditional class");
        assertThat(run).doesNotExist();

        Path nan = dir.resolve("nan.csv");
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            csv.append(i == 4 ? "0.5,NaN,1\n" : "0.5,0.25,1\n");
        }
        Files.writeString(nan, csv, StandardCharsets.UTF_8);
        Path vec = train("vector-nan-check", "--conditional", "vector:" + trainVectors, "--test-vectors",
                testVectors.toString());
        refused(run("eval", "--run", vec.toString(), "--dataset", dataset, "--vectors", nan.toString()),
                nan + ": row 4, column 1 is NaN; vectors must be finite");
    }
}

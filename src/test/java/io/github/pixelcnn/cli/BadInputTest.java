package io.github.pixelcnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pixelcnn.cli.CommandLineTest.Result;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad input through the command line: exit code 2, exactly one line on stderr that names the
 * file (or flag) and the fault, no stack trace, and no run directory or output file left behind.
 * The readers' own tests (data/*Test) pin the exact faults; these pin what a user sees.
 */
class BadInputTest {
    @TempDir static Path dir;
    static Path good;

    @BeforeAll
    static void makeDataset() {
        good = TinyIdx.write(dir.resolve("good"), 48, 16);
    }

    /** A copy of the good IDX dataset with {@code file} replaced by {@code bytes} (null: removed). */
    private static Path damaged(String name, String file, byte[] bytes) throws IOException {
        Path d = dir.resolve(name);
        Files.createDirectories(d);
        try (Stream<Path> files = Files.list(good)) {
            for (Path f : files.toList()) {
                Files.copy(f, d.resolve(f.getFileName()));
            }
        }
        Files.deleteIfExists(d.resolve(file));
        Files.deleteIfExists(d.resolve(file + ".gz"));
        if (bytes != null) {
            Files.write(d.resolve(file), bytes);
        }
        return d;
    }

    /** Runs train on {@code dataset}; asserts exit 2, one line naming {@code names}, nothing written. */
    private static String refusedTraining(String dataset, String... names) throws IOException {
        Path run = dir.resolve("run-" + Math.abs(dataset.hashCode()));
        Result r = CommandLineTest.run(CommandLineTest.trainArgsOn(dataset, run, "--steps", "1"));
        assertOneLine(r, names);
        if (Files.exists(run)) {
            try (Stream<Path> files = Files.list(run)) {
                assertThat(files).as("files left in %s", run).isEmpty();
            }
        }
        return r.err().strip();
    }

    private static void assertOneLine(Result r, String... names) {
        assertThat(r.code()).as(r.err()).isEqualTo(Main.BAD_INPUT);
        String err = r.err().strip();
        assertThat(err.lines().count()).as(err).isEqualTo(1);
        assertThat(err).startsWith("pixelcnn: ").doesNotContain("\tat ").doesNotContain("Exception");
        for (String n : names) {
            assertThat(err).contains(n);
        }
    }

    private static byte[] idx(int magic, int... dimsAndData) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dimsAndData.length);
        b.putInt(magic);
        for (int v : dimsAndData) {
            b.putInt(v);
        }
        return b.array();
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(raw);
        }
        return bytes.toByteArray();
    }

    private static byte[] goodImagesGz() throws IOException {
        return Files.readAllBytes(good.resolve("train-images-idx3-ubyte.gz"));
    }

    @Test
    void truncatedGzip() throws IOException {
        byte[] gz = goodImagesGz();
        Path d = damaged("truncgz", "train-images-idx3-ubyte", null);
        Files.write(d.resolve("train-images-idx3-ubyte.gz"), Arrays.copyOf(gz, gz.length / 2));
        System.out.println(refusedTraining("mnist:" + d, "train-images-idx3-ubyte.gz"));
    }

    @Test
    void garbledGzip() throws IOException {
        byte[] gz = goodImagesGz();
        for (int i = 20; i < gz.length - 8; i += 7) {
            gz[i] ^= 0x5a;
        }
        Path d = damaged("garbledgz", "train-images-idx3-ubyte", null);
        Files.write(d.resolve("train-images-idx3-ubyte.gz"), gz);
        System.out.println(refusedTraining("mnist:" + d, "train-images-idx3-ubyte.gz"));
    }

    @Test
    void wrongMagic() throws IOException {
        Path d = damaged("magic", "train-images-idx3-ubyte", idx(0x00000801, 48, 8, 8));
        System.out.println(refusedTraining("mnist:" + d, "train-images-idx3-ubyte", "magic"));
    }

    @Test
    void billionImageHeader() throws IOException {
        Path d = damaged("billion", "train-images-idx3-ubyte", gzip(idx(0x00000803, 1_000_000_000, 8, 8)));
        System.out.println(refusedTraining("mnist:" + d, "train-images-idx3-ubyte"));
    }

    @Test
    void imageLabelCountMismatch() throws IOException {
        byte[] labels = new byte[8 + 47];
        ByteBuffer.wrap(labels).putInt(0x00000801).putInt(47);
        Path d = damaged("count", "train-labels-idx1-ubyte", labels);
        System.out.println(refusedTraining("mnist:" + d, "48 images", "47 labels"));
    }

    @Test
    void missingLabelFile() throws IOException {
        Path d = damaged("nolabels", "train-labels-idx1-ubyte", null);
        System.out.println(refusedTraining("mnist:" + d, "train-labels-idx1-ubyte"));
    }

    @Test
    void labelOutOfRange() throws IOException {
        byte[] labels = Files.readAllBytes(good.resolve("train-labels-idx1-ubyte"));
        labels[8 + 5] = 12;
        Path d = damaged("label12", "train-labels-idx1-ubyte", labels);
        System.out.println(refusedTraining("mnist:" + d, "train-labels-idx1-ubyte", "label 12"));
    }

    private static void png(Path file, int size) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        ImageIO.write(image, "png", file.toFile());
    }

    /** A folder dataset of two classes with {@code n} 8x8 PNGs each. */
    private static Path folder(String name, int n) throws IOException {
        Path d = dir.resolve(name);
        for (String c : List.of("cats", "dogs")) {
            for (int i = 0; i < n; i++) {
                png(d.resolve(c).resolve(i + ".png"), 8);
            }
        }
        return d;
    }

    @Test
    void imagesOfDifferentSizes() throws IOException {
        Path d = folder("sizes", 6);
        png(d.resolve("dogs").resolve("big.png"), 12);
        System.out.println(refusedTraining("folder:" + d, "big.png", "12x12"));
    }

    @Test
    void corruptPng() throws IOException {
        Path d = folder("corrupt", 6);
        byte[] bytes = Files.readAllBytes(d.resolve("cats").resolve("0.png"));
        Files.write(d.resolve("cats").resolve("3.png"), Arrays.copyOf(bytes, 20));
        System.out.println(refusedTraining("folder:" + d, "3.png"));
    }

    @Test
    void nonImageFileInImageFolder() throws IOException {
        Path d = folder("notes", 6);
        Files.writeString(d.resolve("cats").resolve("notes.txt"), "not an image");
        System.out.println(refusedTraining("folder:" + d, "notes.txt"));
    }

    @Test
    void emptyClassFolder() throws IOException {
        Path d = folder("emptyclass", 6);
        Files.createDirectories(d.resolve("birds"));
        System.out.println(refusedTraining("folder:" + d, "birds"));
    }

    @Test
    void emptyFolder() throws IOException {
        Path d = dir.resolve("empty");
        Files.createDirectories(d);
        System.out.println(refusedTraining("folder:" + d, d.toString()));
    }

    @Test
    void unknownFlag() {
        Result r = CommandLineTest.run(CommandLineTest.trainArgsOn("mnist:" + good, dir.resolve("u"), "--stepz", "3"));
        assertOneLine(r, "--stepz");
        assertThat(dir.resolve("u")).doesNotExist();
    }

    @Test
    void badFlagValues() {
        for (String[] flag : List.of(
                new String[] {"--lr", "-1"}, new String[] {"--batch", "0"}, new String[] {"--checkpoint-minutes", "0"},
                new String[] {"--clip-grad", "-2"}, new String[] {"--device", "tpu"}, new String[] {"--model", "vae"},
                new String[] {"--conditional", "maybe"}, new String[] {"--steps", "ten"})) {
            Path run = dir.resolve("flag" + flag[0]);
            List<String> args = new ArrayList<>(List.of("train", "--dataset", "mnist:" + good, "--layers", "2",
                    "--channels", "8", "--head", "16", "--steps", "1", "--out", run.toString()));
            args.addAll(List.of(flag));
            Result r = CommandLineTest.run(args.toArray(String[]::new));
            assertOneLine(r, flag[0]);
            assertThat(run).doesNotExist();
            System.out.println(r.err().strip());
        }
    }

    @Test
    void contradictoryFlags() {
        Result both = CommandLineTest.run("eval", "--run", dir.toString(), "--checkpoint", dir.resolve("x").toString(),
                "--dataset", "mnist:" + good);
        assertOneLine(both, "--run", "--checkpoint");
        System.out.println(both.err().strip());
    }

    @Test
    void verboseShowsTheStackTrace() {
        Result r = CommandLineTest.run(CommandLineTest.trainArgsOn(
                "mnist:" + dir.resolve("absent"), dir.resolve("v"), "--steps", "1", "--verbose"));
        assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err()).contains("\tat ").contains("absent");
    }

    @Test
    void garbageEmptyAndTruncatedCheckpoints() throws IOException {
        Path run = dir.resolve("trained");
        Result t = CommandLineTest.run(CommandLineTest.trainArgsOn("mnist:" + good, run, "--steps", "1"));
        assertThat(t.code()).as(t.err()).isZero();
        byte[] ckpt = Files.readAllBytes(run.resolve("checkpoint.ckpt"));
        byte[] garbage = new byte[5000];
        new java.util.Random(1).nextBytes(garbage);
        byte[] flipped = ckpt.clone();
        flipped[flipped.length / 2] ^= 1;
        for (var c : List.of(
                new Object[] {"empty.ckpt", new byte[0], "not a pixelcnn-java checkpoint"},
                new Object[] {"garbage.ckpt", garbage, "not a pixelcnn-java checkpoint"},
                new Object[] {"half.ckpt", Arrays.copyOf(ckpt, ckpt.length / 2), "truncated"},
                new Object[] {"flipped.ckpt", flipped, "checksum"})) {
            Path f = dir.resolve((String) c[0]);
            Files.write(f, (byte[]) c[1]);
            Result eval = CommandLineTest.run("eval", "--checkpoint", f.toString(), "--dataset", "mnist:" + good);
            assertOneLine(eval, f.getFileName().toString(), (String) c[2]);
            System.out.println(eval.err().strip());
            Path png = dir.resolve(c[0] + ".png");
            Result sample = CommandLineTest.run("sample", "--checkpoint", f.toString(), "--out", png.toString());
            assertOneLine(sample, f.getFileName().toString(), (String) c[2]);
            assertThat(png).doesNotExist();
        }
    }

    @Test
    void checkpointOfAnotherShapeIsRefusedByEvalAndResume() throws IOException {
        Path wide = dir.resolve("wide");
        Files.createDirectories(wide);
        // 12x12 images: same format, another architecture's input size.
        Path data12 = dir.resolve("data12");
        Files.createDirectories(data12);
        for (String prefix : List.of("train", "t10k")) {
            int n = 16;
            byte[] images = new byte[n * 144];
            byte[] labels = new byte[n];
            io.github.pixelcnn.data.IdxFile.write(data12.resolve(prefix + "-images-idx3-ubyte"), new int[] {n, 12, 12}, images, false);
            io.github.pixelcnn.data.IdxFile.write(data12.resolve(prefix + "-labels-idx1-ubyte"), new int[] {n}, labels, false);
        }
        Path run = dir.resolve("small-run");
        Result t = CommandLineTest.run(CommandLineTest.trainArgsOn("mnist:" + good, run, "--steps", "1"));
        assertThat(t.code()).as(t.err()).isZero();
        Result eval = CommandLineTest.run("eval", "--checkpoint", run.resolve("checkpoint.ckpt").toString(),
                "--dataset", "mnist:" + data12);
        assertOneLine(eval, "data12", "12x12", "8x8");
        System.out.println(eval.err().strip());
        byte[] before = Files.readAllBytes(run.resolve("checkpoint.ckpt"));
        Result resume = CommandLineTest.run(CommandLineTest.trainArgsOn("mnist:" + data12, run, "--steps", "3", "--resume"));
        assertOneLine(resume, "data12", "12x12", "8x8");
        assertThat(run.resolve("checkpoint.ckpt")).hasBinaryContent(before);
    }
}

package io.github.pixelcnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pixelcnn.cli.CommandLineTest.Result;
import io.github.pixelcnn.data.HostileImages;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decompression bombs through the command line: {@code score --input}, {@code complete --input}
 * and {@code --mask}, {@code train --dataset folder:}. Each is refused with one line and exit 2,
 * writes nothing, and costs a few MB: in-process, counted by the thread's allocations; in a child
 * JVM whose heap (256 MB) could not hold one decoded bomb.
 */
class HostileImagesCommandTest {
    private static final long MAX_REFUSAL_BYTES = 64L << 20;

    @TempDir static Path dir;
    static Path run;
    static List<Path> bombs;
    static Path good;

    @BeforeAll
    static void trainTinyRunAndMakeBombs() throws Exception {
        Path data = TinyIdx.write(dir.resolve("data"), 32, 16);
        run = dir.resolve("run");
        Result r = CommandLineTest.run(CommandLineTest.trainArgsOn("mnist:" + data, run, "--steps", "1"));
        assertThat(r.code()).as(r.err()).isZero();
        bombs = List.of(
                HostileImages.pngBomb(dir.resolve("bombs/gray.png"), 40000, 40000, false, 200),
                HostileImages.pngBomb(dir.resolve("bombs/colour.png"), 40000, 40000, true, 100),
                HostileImages.pngHeaderOnly(dir.resolve("bombs/billions.png"), 100000, 100000),
                HostileImages.jpegHugeFrame(dir.resolve("bombs/frame.jpg"), 65000, 65000));
        good = dir.resolve("good.png");
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY), "png", good.toFile());
    }

    /** Runs the command in this JVM: exit 2, one line naming {@code file}, nothing at {@code out}, few bytes. */
    private static void refused(Path file, Path out, String... args) {
        Result[] result = new Result[1];
        long bytes = HostileImages.allocatedBy(() -> result[0] = CommandLineTest.run(args));
        Result r = result[0];
        assertThat(r.code()).as(r.err()).isEqualTo(Main.BAD_INPUT);
        String err = r.err().strip();
        System.out.println(err + "  [" + (bytes >> 20) + " MB allocated]");
        assertThat(err.lines().count()).as(err).isEqualTo(1);
        assertThat(err).startsWith("pixelcnn: ").contains(file.toString()).doesNotContain("\tat ");
        assertThat(out).doesNotExist();
        assertThat(bytes).as("bytes allocated refusing %s", file).isLessThan(MAX_REFUSAL_BYTES);
    }

    @Test
    void scoreAndCompleteRefuseBombInputsAndMasks() {
        for (Path bomb : bombs) {
            Path csv = dir.resolve("scores-" + bomb.getFileName() + ".csv");
            refused(bomb, csv, "score", "--run", run.toString(), "--input", bomb.toString(), "--out", csv.toString());
            refused(bomb, csv, "score", "--run", run.toString(), "--input", bomb.toString(), "--resize",
                    "--out", csv.toString());
            Path grid = dir.resolve("grid-" + bomb.getFileName() + ".png");
            refused(bomb, grid, "complete", "--run", run.toString(), "--input", bomb.toString(), "--out", grid.toString());
            refused(bomb, grid, "complete", "--run", run.toString(), "--input", good.toString(), "--mask",
                    bomb.toString(), "--out", grid.toString());
        }
    }

    @Test
    void trainRefusesAFolderHoldingABomb() throws Exception {
        Path folder = dir.resolve("folder");
        Files.createDirectories(folder.resolve("a"));
        Files.createDirectories(folder.resolve("b"));
        for (int i = 0; i < 20; i++) {
            Files.copy(good, folder.resolve("a/ok-" + i + ".png"));
        }
        for (Path bomb : bombs) {
            Path inside = Files.copy(bomb, folder.resolve("b").resolve(bomb.getFileName()));
            Path out = dir.resolve("train-" + bomb.getFileName());
            refused(inside, out, CommandLineTest.trainArgsOn("folder:" + folder, out, "--steps", "1"));
            refused(inside, out, CommandLineTest.trainArgsOn("folder:" + folder, out, "--steps", "1", "--resize", "8"));
            Files.delete(inside);
        }
    }

    /** eval knows the model's size, so a folder of other-sized images is refused from the first header. */
    @Test
    void evalRefusesAFolderOfAnotherSizeFromItsHeaders() throws Exception {
        Path folder = dir.resolve("big-folder");
        for (String c : List.of("a", "b")) {
            Files.createDirectories(folder.resolve(c));
            for (int i = 0; i < 10; i++) {
                ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY), "png",
                        folder.resolve(c + "/" + i + ".png").toFile());
            }
        }
        Result r = CommandLineTest.run("eval", "--run", run.toString(), "--dataset", "folder:" + folder);
        assertThat(r.code()).as(r.err()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err().strip()).isEqualTo("pixelcnn: " + folder.resolve("a/0.png")
                + ": image is 64x64 (height x width), expected 8x8; use a resize");
    }

    /** The same refusals in a JVM with a 256 MB heap: one decoded 40000x40000 bomb needs 1.6 to 6.4 GB. */
    @Test
    void aSmallHeapRefusesBombsCleanly() throws Exception {
        Path folder = dir.resolve("heap-folder");
        Files.createDirectories(folder.resolve("a"));
        Files.createDirectories(folder.resolve("b"));
        Files.copy(good, folder.resolve("a/ok.png"));
        for (Path bomb : bombs) {
            Files.copy(bomb, folder.resolve("b").resolve(bomb.getFileName()));
        }
        Path colour = bombs.get(1);
        Path out = dir.resolve("heap-out");
        Result train = child(CommandLineTest.trainArgsOn("folder:" + folder, out, "--steps", "1"));
        Result score = child("score", "--run", run.toString(), "--input", colour.toString(), "--out",
                out.resolve("s.csv").toString());
        for (Result r : List.of(train, score)) {
            assertThat(r.code()).as(r.err()).isEqualTo(Main.BAD_INPUT);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).startsWith("pixelcnn: ").doesNotContain("memory");
        }
        assertThat(train.err()).contains(folder.resolve("b").toString());
        assertThat(score.err()).contains(colour.toString()).contains("40000x40000");
        assertThat(out).doesNotExist();
    }

    private static Result child(String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=error", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile(dir, "child", ".err");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        String text = Files.readString(err);
        System.out.println("child -Xmx256m " + args[0] + ": " + text.strip());
        return new Result(p.exitValue(), "", text);
    }
}

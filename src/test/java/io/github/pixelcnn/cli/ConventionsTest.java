package io.github.pixelcnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pixelcnn.cli.CommandLineTest.Result;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What every command does alike: nothing written on failure, missing folders created, outputs
 * with the umask's permissions, formats after the extension, usage and exit codes, help text.
 */
class ConventionsTest {
    @TempDir static Path tmp;
    static Path run;

    @BeforeAll
    static void train() {
        CommandLineTest.dir = tmp;
        CommandLineTest.makeDataset();
        run = tmp.resolve("run");
        Result r = CommandLineTest.run(CommandLineTest.trainArgs(run, "--steps", "1"));
        assertThat(r.code()).as(r.err()).isZero();
    }

    private static Result sample(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("sample", "--run", run.toString(), "--class", "1", "--n", "2",
                "--out", out.toString()));
        args.addAll(List.of(extra));
        return CommandLineTest.run(args.toArray(String[]::new));
    }

    private static void assertOneLine(Result r, int code) {
        assertThat(r.code()).as(r.err()).isEqualTo(code);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("pixelcnn: ").doesNotContain("\tat ");
    }

    /** Everything in {@code dir}, hidden files included, as names. */
    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFailingSecondOutputLeavesTheFirstUnwritten() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("second-output"));
        Path rawDir = Files.createDirectories(dir.resolve("raw-is-a-folder"));
        Result r = sample(dir.resolve("x.png"), "--raw", rawDir.toString());
        assertOneLine(r, Main.BAD_INPUT);
        assertThat(r.err()).contains(rawDir.toString()).contains("is a directory");
        assertThat(listing(dir)).containsExactly("raw-is-a-folder");
    }

    @Test
    void aFailureAfterStagingRemovesTheFoldersItMade() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("late-failure"));
        Result r = sample(dir.resolve("new/deeper/x.png"), "--temperature", "0");
        assertOneLine(r, Main.BAD_INPUT);
        // The library's parameter name, mapped to the flag by the CLI.
        assertThat(r.err().strip()).isEqualTo("pixelcnn: --temperature must be positive, got 0.0");
        assertThat(listing(dir)).isEmpty();
    }

    @Test
    void missingFoldersAreCreatedAndOutputsFollowTheUmask() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("umask"));
        Path out = dir.resolve("a/b/x.png");
        Path raw = dir.resolve("c/x.idx");
        Result r = sample(out, "--raw", raw.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(out).isRegularFile();
        assertThat(raw).isRegularFile();
        Path plain = Files.createFile(dir.resolve("made-by-createFile")); // 0666 less the umask
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(plain);
        assertThat(Files.getPosixFilePermissions(out)).isEqualTo(expected);
        assertThat(Files.getPosixFilePermissions(raw)).isEqualTo(expected);
        assertThat(listing(out.getParent())).containsExactly("x.png"); // no staging folder left
    }

    @Test
    void imagesAreWrittenInTheFormatTheirNameSaysOrRefused() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("formats"));
        Path jpg = dir.resolve("x.jpg");
        Result ok = sample(jpg);
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(formatOf(jpg)).isEqualToIgnoringCase("jpeg");
        Path png = dir.resolve("x.png");
        assertThat(sample(png).code()).isZero();
        assertThat(formatOf(png)).isEqualToIgnoringCase("png");

        Result gif = sample(dir.resolve("x.gif"));
        assertOneLine(gif, Main.BAD_INPUT);
        assertThat(gif.err()).contains("x.gif").contains(".png");
        Result csv = CommandLineTest.run("score", "--run", run.toString(), "--input",
                CommandLineTest.data.resolve("t10k-images-idx3-ubyte.gz").toString(), "--out",
                dir.resolve("scores.txt").toString());
        assertOneLine(csv, Main.BAD_INPUT);
        assertThat(listing(dir)).containsExactly("x.jpg", "x.png");
    }

    private static String formatOf(Path image) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(image.toFile())) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            return reader.getFormatName();
        }
    }

    @Test
    void heatmapsOfManyImagesArePaged() throws IOException {
        Path maps = tmp.resolve("maps");
        Path input = tmp.resolve("many-images-idx3-ubyte");
        io.github.pixelcnn.data.IdxFile.write(input, new int[] {250, 8, 8}, new byte[250 * 64], false);
        io.github.pixelcnn.data.IdxFile.write(tmp.resolve("many-labels-idx1-ubyte"), new int[] {250}, new byte[250], false);
        Result r = CommandLineTest.run("score", "--run", run.toString(), "--input", input.toString(),
                "--out", tmp.resolve("many.csv").toString(), "--heatmaps", maps.toString(), "--batch", "125");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(listing(maps)).containsExactly("heatmaps-001.png", "heatmaps-002.png", "heatmaps-003.png");
        assertThat(ImageIO.read(maps.resolve("heatmaps-003.png").toFile()).getHeight())
                .isLessThan(ImageIO.read(maps.resolve("heatmaps-001.png").toFile()).getHeight());
    }

    @Test
    void oldFlagNamesStillParseAsTheirNewOnes() {
        CommandLine cli = Main.commandLine();
        CommandLine.ParseResult parsed = cli.parseArgs("complete", "--run", "r", "--input", "i", "--out", "o.png",
                "--n-completions", "3");
        CompleteCommand complete = (CompleteCommand) parsed.subcommand().commandSpec().userObject();
        complete.applyOldNames();
        assertThat(complete.completions).isEqualTo(3);
        parsed = Main.commandLine().parseArgs("reconstruct", "--run", "r", "--dataset", "d", "--out", "o.png",
                "--n", "5", "--k", "6");
        ReconstructCommand reconstruct = (ReconstructCommand) parsed.subcommand().commandSpec().userObject();
        reconstruct.applyOldNames();
        assertThat(reconstruct.limit).isEqualTo(5);
        assertThat(reconstruct.perInput).isEqualTo(6);
        parsed = Main.commandLine().parseArgs("interpolate", "--run", "r", "--dataset", "d", "--a", "0",
                "--b", "1", "--out", "o.png", "--steps", "7");
        InterpolateCommand interpolate = (InterpolateCommand) parsed.subcommand().commandSpec().userObject();
        interpolate.applyOldNames();
        assertThat(interpolate.points).isEqualTo(7);
    }

    @Test
    void libraryParameterNamesReachTheUserAsFlags() {
        Result r = CommandLineTest.run("complete", "--run", run.toString(), "--input",
                CommandLineTest.data.resolve("t10k-images-idx3-ubyte.gz").toString(), "--keep-rows", "99",
                "--out", tmp.resolve("kept.png").toString());
        assertOneLine(r, Main.BAD_INPUT);
        assertThat(r.err().strip()).isEqualTo("pixelcnn: --keep-rows must be in 0..8, got 99");
    }

    @Test
    void noCommandIsUsageAndExitTwo() {
        Result r = CommandLineTest.run();
        assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err()).contains("Usage: pixelcnn").contains("pixelcnn: no command given");
    }

    @Test
    void anUnknownCommandPointsToTheTopLevelHelpOnce() {
        Result r = CommandLineTest.run("smaple");
        assertOneLine(r, Main.BAD_INPUT);
        assertThat(r.err()).contains("smaple").contains("(see: pixelcnn --help)").doesNotContain("pixelcnn pixelcnn");
        Result sub = CommandLineTest.run("sample", "--no-such-flag");
        assertThat(sub.err()).contains("(see: pixelcnn sample --help)");
    }

    @Test
    void outOfMemoryIsOneLineWithoutATrace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintWriter err = new PrintWriter(bytes, true, StandardCharsets.UTF_8);
        int code = Main.report(new RuntimeException("wrapped", new OutOfMemoryError("Java heap space")), err, false);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(Main.FAILURE);
        assertThat(text.strip().lines()).hasSize(1);
        assertThat(text).contains("out of memory").contains("JAVA_OPTS=-Xmx").doesNotContain("\tat ");

        bytes.reset();
        Main.report(new OutOfMemoryError("Java heap space"), err, true);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("\tat ").contains("JAVA_OPTS=-Xmx");
    }

    @Test
    void djlsGpuProbeDoesNotWarnOnACpuMachine() {
        assertThat(LoggerFactory.getLogger("ai.djl.util.cuda.CudaUtils").isWarnEnabled()).isFalse();
        assertThat(LoggerFactory.getLogger("ai.djl.pytorch.engine.PtEngine").isWarnEnabled()).isTrue();
    }

    /** Every visible option of every command says what it is and, when it has one, its default. */
    @Test
    void helpDescribesEveryOptionAndItsDefault() {
        List<String> faults = new ArrayList<>();
        CommandLine root = Main.commandLine();
        for (CommandLine cmd : root.getSubcommands().values()) {
            // description() interpolates ${DEFAULT-VALUE}, as the help shows it.
            for (OptionSpec o : cmd.getCommandSpec().options()) {
                if (o.hidden() || o.usageHelp() || o.versionHelp()) {
                    continue;
                }
                String where = cmd.getCommandName() + " " + o.longestName();
                String text = String.join(" ", o.description()).strip();
                boolean flag = o.typeInfo().isBoolean();
                boolean inRequiredGroup = o.group() != null && o.group().multiplicity().min() > 0;
                if (text.isEmpty()) {
                    faults.add(where + ": no description");
                } else if (o.defaultValue() != null && !flag
                        && !(text.contains("default") && text.contains(o.defaultValue()))) {
                    faults.add(where + ": default " + o.defaultValue() + " not shown");
                } else if (o.defaultValue() == null && !o.required() && !inRequiredGroup && !text.contains("default")) {
                    faults.add(where + ": optional, but the help does not say what happens without it");
                }
            }
        }
        assertThat(faults).isEmpty();
    }

    /** A command's help lists only what it takes: a shared option that it refuses is left out of it. */
    @Test
    void helpLeavesOutWhatTheCommandRefuses() {
        CommandLine root = Main.commandLine();
        StringWriter eval = new StringWriter();
        root.getSubcommands().get("eval").usage(new PrintWriter(eval));
        assertThat(eval.toString()).contains("--marginal").doesNotContain("--classes").doesNotContain("--vector-from");
        StringWriter export = new StringWriter();
        root.getSubcommands().get("export").usage(new PrintWriter(export));
        assertThat(export.toString()).doesNotContain("--precision");
        // Still parsed, so that ConditionOptionsTest's "--classes: does not apply to eval" stays one named line.
        assertThat(root.getSubcommands().get("eval").getCommandSpec().findOption("--classes").hidden()).isTrue();
    }
}

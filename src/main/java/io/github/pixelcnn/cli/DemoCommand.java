package io.github.pixelcnn.cli;

import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.FashionMnist;
import io.github.pixelcnn.train.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pixelcnn demo}, the main job: a small class-conditional Gated PixelCNN trained on
 * Fashion-MNIST for a few minutes, then test bits/dim and a class grid.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train a small class-conditional Gated PixelCNN on Fashion-MNIST, evaluate, sample.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--minutes", defaultValue = "10", description = "minutes of training (default: ${DEFAULT-VALUE})")
    double minutes;
    @Option(names = "--out", defaultValue = "runs/demo", description = "run directory (default: ${DEFAULT-VALUE})")
    Path out;
    @Option(names = "--seed", defaultValue = "42", description = OptionText.SEED) long seed;

    @Override
    public Integer call() throws InterruptedException {
        ensureFashionMnist();
        String m = String.format(Locale.ROOT, "%s", minutes);
        String s = Long.toString(seed);
        int code = Main.run("train", "--dataset", "fashion-mnist", "--model", "gated", "--layers", "6",
                "--channels", "32", "--head", "128", "--conditional", "class", "--batch", "32", "--lr", "0.002",
                "--minutes", m, "--eval-limit", "2000", "--checkpoint-minutes", "2", "--seed", s,
                "--out", out.toString(), "--overwrite");
        if (code != Main.OK) {
            return code;
        }
        // The whole test split, recorded in the run's metrics and curve beside the epoch ends' figures.
        code = Main.run("eval", "--run", out.toString(), "--dataset", "fashion-mnist", "--split", "test", "--record");
        if (code != Main.OK) {
            return code;
        }
        Path grid = out.resolve("samples.png");
        code = Main.run("sample", "--run", out.toString(), "--classes", "all", "--n", "10", "--seed", s,
                "--out", grid.toString());
        if (code == Main.OK) {
            System.out.println("class grid (one row per class): " + grid.toAbsolutePath());
            System.out.println("learning curve: " + RunDirectory.of(out).curve().toAbsolutePath());
            System.out.println("metrics: " + RunDirectory.of(out).metrics().toAbsolutePath());
        }
        return code;
    }

    private static void ensureFashionMnist() throws InterruptedException {
        Path marker = FashionMnist.DEFAULT_DIR.resolve("train-images-idx3-ubyte.gz");
        if (Files.exists(marker)) {
            return;
        }
        System.out.println("Fashion-MNIST is missing; installing Debian's dataset-fashion-mnist");
        boolean installed;
        try {
            // A fresh machine may have empty package lists, so update them first.
            new ProcessBuilder("apt-get", "update", "-qq").inheritIO().start().waitFor();
            installed = new ProcessBuilder("apt-get", "install", "-y", "dataset-fashion-mnist")
                    .inheritIO().start().waitFor() == 0;
        } catch (IOException noAptGet) {
            installed = false;
        }
        if (!installed || !Files.exists(marker)) {
            throw new BadInputException("Fashion-MNIST not found in " + FashionMnist.DEFAULT_DIR
                    + "; run: sudo apt-get update && sudo apt-get install -y dataset-fashion-mnist");
        }
    }
}

package io.github.pixelcnn.train;

import io.github.pixelcnn.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files of one training run: config, checkpoint, metrics, curve and sample grids. */
public record RunDirectory(Path dir, String trainingJson) {
    public static RunDirectory create(Path dir, String trainingJson) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot create run directory: " + e.getMessage(), e);
        }
        if (!Files.isWritable(dir)) {
            throw new BadInputException(dir + ": run directory is not writable");
        }
        return new RunDirectory(dir, trainingJson);
    }

    public Path config() {
        return dir.resolve("config.json");
    }

    public Path checkpoint() {
        return dir.resolve("checkpoint.ckpt");
    }

    public Path metrics() {
        return dir.resolve("metrics.csv");
    }

    public Path curve() {
        return dir.resolve("curve.png");
    }

    public Path samples(int epoch) {
        return dir.resolve(String.format("samples-epoch-%03d.png", epoch));
    }
}

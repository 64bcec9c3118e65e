package io.github.pixelcnn.cli;

import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.pretrained.ModelsFolder;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --background MODEL}: a run directory, a checkpoint file, or a pretrained model's name. */
final class BackgroundModel {
    private BackgroundModel() {}

    static Path checkpoint(String spec) {
        Path p = Path.of(spec);
        if (Files.isDirectory(p)) {
            Path ckpt = p.resolve("checkpoint.ckpt");
            if (!Files.isRegularFile(ckpt)) {
                throw new BadInputException("--background " + spec + ": no checkpoint.ckpt in that run directory");
            }
            return ckpt;
        }
        if (Files.isRegularFile(p)) {
            return p;
        }
        if (spec.contains("/") || spec.endsWith(".ckpt")) {
            throw new BadInputException("--background " + spec + ": no such run directory or checkpoint");
        }
        return ModelsFolder.locate().checkpoint(spec);
    }
}

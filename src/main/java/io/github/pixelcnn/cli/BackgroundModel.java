package io.github.pixelcnn.cli;

import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.pretrained.ModelsFolder;
import io.github.pixelcnn.request.ModelSource;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --background MODEL}: a run directory, a checkpoint file, or a pretrained model's name. */
final class BackgroundModel {
    private BackgroundModel() {}

    static ModelSource source(String spec) {
        Path p = Path.of(spec);
        if (Files.isDirectory(p)) {
            return ModelSource.run(p);
        }
        if (Files.isRegularFile(p)) {
            return ModelSource.checkpoint(p);
        }
        if (spec.contains("/") || spec.endsWith(".ckpt")) {
            throw new BadInputException("--background " + spec + ": no such run directory or checkpoint");
        }
        return ModelSource.pretrained(spec, ModelsFolder.locate());
    }

    static Path checkpoint(String spec) {
        return source(spec).checkpointPath();
    }
}

package io.github.pixelcnn.cli;

import io.github.pixelcnn.data.ImageGrid;
import io.github.pixelcnn.data.OutputFiles;
import java.nio.file.Path;

/** Stages a command's outputs after checking that the name says a format the command writes. */
final class Outputs {
    private Outputs() {}

    /** An image grid: refused up front unless named .png, .jpg or .jpeg. */
    static Path image(OutputFiles outputs, Path target) {
        ImageGrid.format(target);
        return outputs.stage(target);
    }
}

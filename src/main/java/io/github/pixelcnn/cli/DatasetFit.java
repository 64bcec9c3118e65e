package io.github.pixelcnn.cli;

import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.model.ModelConfig;
import java.util.Locale;

/**
 * Checks that a dataset fits a model restored from a checkpoint before any tensor is built, so
 * evaluating or resuming on the wrong images is one clear line instead of a native shape error.
 */
final class DatasetFit {
    private DatasetFit() {}

    static void require(ModelConfig mc, ImageDataset data, String dataset) {
        if (data.channels() != mc.imageChannels() || data.height() != mc.height() || data.width() != mc.width()) {
            throw new BadInputException(String.format(Locale.ROOT, "%s: images are %dx%dx%d, the model expects %dx%dx%d",
                    dataset, data.channels(), data.height(), data.width(), mc.imageChannels(), mc.height(), mc.width()));
        }
    }
}

package io.github.pixelcnn.cli;

import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.ImageInput;
import io.github.pixelcnn.model.ModelConfig;

/**
 * Checks that a dataset fits a model restored from a checkpoint before any tensor is built, so
 * evaluating or resuming on the wrong images is one clear line instead of a native shape error.
 */
final class DatasetFit {
    private DatasetFit() {}

    static void require(ModelConfig mc, ImageDataset data, String dataset) {
        ImageInput.requireSize(data, dataset, mc.imageChannels(), mc.height(), mc.width());
    }
}

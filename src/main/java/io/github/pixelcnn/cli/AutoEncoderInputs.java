package io.github.pixelcnn.cli;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.DataSource;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.ImageInput;
import io.github.pixelcnn.data.Split;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.ModelType;
import io.github.pixelcnn.model.PixelCnnAutoEncoder;
import io.github.pixelcnn.train.Checkpoint;
import java.util.Locale;

/** What the auto-encoder commands check alike: the model's kind, the dataset, image indices. */
final class AutoEncoderInputs {
    private AutoEncoderInputs() {}

    /** The auto-encoder of {@code source}, refused in one line that names the model as it was given. */
    static PixelCnnAutoEncoder restore(ModelSource source, Checkpoint ckpt, String command, NDManager manager) {
        if (ckpt.config().type() != ModelType.AUTOENCODER) {
            throw new BadInputException(String.format(Locale.ROOT,
                    "%s: a %s model; %s needs an auto-encoder (train --model autoencoder)", source.flag(),
                    ckpt.config().type().name().toLowerCase(Locale.ROOT), command));
        }
        return (PixelCnnAutoEncoder) ckpt.restoreModel(manager);
    }

    /** A dataset split, fitted to the model's image size by the one input policy. */
    static ImageDataset dataset(String spec, Split split, ModelConfig mc) {
        return ImageInput.fit(DataSource.parse(spec).expecting(mc.height(), mc.width()).load(split), spec, mc.imageChannels(), mc.height(), mc.width());
    }

    /** Checks an image index given on the command line. */
    static int index(String flag, int i, ImageDataset data) {
        if (i < 0 || i >= data.size()) {
            throw new BadInputException(flag + " " + i + ": outside 0.." + (data.size() - 1) + " of " + data.name());
        }
        return i;
    }
}

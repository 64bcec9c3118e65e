package io.github.pixelcnn.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017): 70,000 28x28 gray images of clothing in 10
 * classes, in MNIST's IDX layout, so {@link IdxDataset} reads it.
 */
public final class FashionMnist {
    /** Where Debian's {@code dataset-fashion-mnist} package installs the four gzipped files. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** Class names by label, as in the dataset's README. */
    public static final List<String> CLASS_NAMES =
            List.of(
                    "T-shirt/top",
                    "Trouser",
                    "Pullover",
                    "Dress",
                    "Coat",
                    "Sandal",
                    "Shirt",
                    "Sneaker",
                    "Bag",
                    "Ankle boot");

    private FashionMnist() {}

    /** Loads a split from {@code dir} with the Fashion-MNIST class names. */
    public static ImageDataset load(Path dir, Split split) {
        return IdxDataset.load(dir, split, CLASS_NAMES);
    }
}

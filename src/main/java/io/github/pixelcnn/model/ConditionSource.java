package io.github.pixelcnn.model;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.ImageDataset;
import java.util.Arrays;

/**
 * Where the h of each batch of a dataset comes from (§2.3): the dataset's labels for a class
 * model, its vector file's rows for a vector model, the encoder's codes of the batch's own images
 * for the auto-encoder, or one {@link Condition} given for the whole dataset (the class marginal,
 * or rows given beside the images). Built once per dataset, it validates h before any batch runs:
 * kind, size K, row count, labels within the model's classes.
 */
public final class ConditionSource {
    private final PixelModel model;
    private final Condition whole;

    private ConditionSource(PixelModel model, Condition whole) {
        this.model = model;
        this.whole = whole;
    }

    /** h from the dataset itself: its labels, its vectors, or (auto-encoder) the encoder's codes of its images. */
    public static ConditionSource of(PixelModel model, ImageDataset data) {
        ModelConfig cfg = model.config();
        return switch (Conditioning.of(cfg)) {
            case NONE -> new ConditionSource(model, Condition.none());
            case CODE -> new ConditionSource(model, Condition.ownCode());
            case CLASS -> {
                if (!data.hasLabels()) {
                    throw new BadInputException(data.name() + ": no labels for this class-conditional model;"
                            + " score it by the marginal over classes, or give a class");
                }
                int[] labels = new int[data.size()];
                Arrays.setAll(labels, data::label);
                if (data.numClasses() > cfg.conditionSize()) {
                    throw new BadInputException(data.name() + ": " + data.numClasses() + " classes, the model knows "
                            + cfg.conditionSize());
                }
                yield given(model, data, Condition.classes(labels, cfg.conditionSize()));
            }
            case VECTOR -> {
                if (!data.hasVectors()) {
                    throw new BadInputException(data.name() + ": a vector-conditional model needs a vector file for it");
                }
                if (data.vectors().columns() != cfg.conditionSize()) {
                    throw new BadInputException(data.vectors().name() + ": vectors of size " + data.vectors().columns()
                            + ", the model takes " + cfg.conditionSize());
                }
                yield given(model, data, Condition.vectors(data.vectors().values(), cfg.conditionSize()));
            }
        };
    }

    /**
     * One h for the whole dataset: N rows for its N images, or an h that fits any number (none, the
     * class marginal).
     */
    public static ConditionSource given(PixelModel model, ImageDataset data, Condition condition) {
        condition.requireFits(model.config(), data.size());
        return new ConditionSource(model, condition);
    }

    /** The h of the dataset's images {@code indices}, e.g. a batch's, with the auto-encoder's codes computed once. */
    public Condition forImages(int[] indices, byte[] pixels, NDManager manager) {
        if (!whole.isOwnCode()) {
            return whole.select(indices);
        }
        return Condition.encode((PixelCnnAutoEncoder) model, pixels, indices.length, indices.length, manager);
    }

    /**
     * h for a training step on the images {@code indices}: their rows of h, or for the auto-encoder
     * {@link Condition#ownCode()}, which its forward pass encodes inside the autograd graph.
     */
    public Condition forTraining(int[] indices) {
        return whole.select(indices);
    }

    /** True when h is the class marginal: scores sum over the classes. */
    public boolean isMarginal() {
        return whole.isMarginal();
    }

    /** The marginal's prior p(y), or null. */
    public double[] prior() {
        return whole.prior();
    }
}

package io.github.pixelcnn.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.Batch;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ModelConfig;

/** Turns a batch's labels into the conditioning vector h the model expects (§2.3). */
public final class Conditioner {
    private final boolean classes;
    private final int numClasses;

    private Conditioner(boolean classes, int numClasses) {
        this.classes = classes;
        this.numClasses = numClasses;
    }

    public static Conditioner of(ModelConfig config, ImageDataset data) {
        if (config.conditioning() == Conditioning.CLASS) {
            if (!data.hasLabels()) {
                throw new BadInputException(data.name() + ": a class-conditional model needs labels");
            }
            if (data.numClasses() > config.conditionSize()) {
                throw new BadInputException(
                        data.name() + ": " + data.numClasses() + " classes, the model knows " + config.conditionSize());
            }
            return new Conditioner(true, config.conditionSize());
        }
        if (config.conditioning() == Conditioning.VECTOR) {
            throw new BadInputException("vector conditioning needs a vector file");
        }
        return new Conditioner(false, 0);
    }

    /** h for the batch: one-hot labels (B, K), or null for an unconditional model. */
    public NDArray condition(Batch batch, NDManager manager) {
        return classes ? oneHot(batch.labels(manager), numClasses) : null;
    }

    /** one-hot(labels) as float (B, K). */
    public static NDArray oneHot(NDArray labels, int numClasses) {
        return labels.toType(DataType.INT64, false).oneHot(numClasses, DataType.FLOAT32); // (B, K)
    }
}

package io.github.pixelcnn.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.Batch;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.VectorFile;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ModelConfig;

/**
 * Supplies the conditioning vector h the model expects for a batch (§2.3): one-hot labels for a
 * class-conditional model, the batch's rows of the dataset's vector file for a vector-conditional
 * one, nothing for an unconditional model or an auto-encoder (which makes its own h).
 */
public final class Conditioner {
    private final Conditioning kind;
    private final int size;
    private final VectorFile vectors;

    private Conditioner(Conditioning kind, int size, VectorFile vectors) {
        this.kind = kind;
        this.size = size;
        this.vectors = vectors;
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
            return new Conditioner(Conditioning.CLASS, config.conditionSize(), null);
        }
        if (config.conditioning() == Conditioning.VECTOR) {
            if (!data.hasVectors()) {
                throw new BadInputException(data.name() + ": a vector-conditional model needs a vector file for it");
            }
            if (data.vectors().columns() != config.conditionSize()) {
                throw new BadInputException(data.vectors().name() + ": vectors of size " + data.vectors().columns()
                        + ", the model takes " + config.conditionSize());
            }
            return new Conditioner(Conditioning.VECTOR, config.conditionSize(), data.vectors());
        }
        return new Conditioner(Conditioning.NONE, 0, null);
    }

    /** h for the batch: (B, K) float32, or null when the model takes none. */
    public NDArray condition(Batch batch, NDManager manager) {
        return switch (kind) {
            case CLASS -> oneHot(batch.labels(manager), size);
            case VECTOR -> rows(vectors, batch.indices(), manager);
            case NONE -> null;
        };
    }

    /** one-hot(labels) as float (B, K). */
    public static NDArray oneHot(NDArray labels, int numClasses) {
        return labels.toType(DataType.INT64, false).oneHot(numClasses, DataType.FLOAT32); // (B, K)
    }

    /** The rows {@code indices} of {@code table} as float32 (B, K). */
    public static NDArray rows(VectorFile table, int[] indices, NDManager manager) {
        int k = table.columns();
        float[] out = new float[indices.length * k];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(table.values(), indices[i] * k, out, i * k, k);
        }
        return manager.create(out, new Shape(indices.length, k)); // (B, K)
    }
}

package io.github.pixelcnn.spark;

import io.github.pixelcnn.BadParameterException;
import java.io.Serializable;

/**
 * How {@link PixelCnnSpark#score} scores each image.
 *
 * @param batch images per forward pass inside a task
 * @param classIndex class-conditional model: the class of every image instead of its label; null
 *     = each row's label
 * @param marginal class-conditional model: score {@code -log p(x)}, the marginal over classes with
 *     the training split's class frequencies as p(y)
 * @param perPixel also write the per-sub-pixel NLL in nats, (C, H, W) flattened, as column {@code nll}
 * @param strict a row that cannot be scored fails the job with its id, instead of an {@code error} value
 */
public record ScoreSettings(int batch, Integer classIndex, boolean marginal, boolean perPixel, boolean strict)
        implements Serializable {
    public ScoreSettings {
        if (batch < 1) {
            throw new BadParameterException("batch", "must be at least 1, got " + batch);
        }
        if (classIndex != null && marginal) {
            throw new BadParameterException("marginal", "and a class contradict each other; give one");
        }
    }

    /** Each row's label (or no h), batches of 64, no per-pixel column, errors as a column. */
    public static ScoreSettings defaults() {
        return new ScoreSettings(64, null, false, false, false);
    }
}

package io.github.pixelcnn.spark;

import io.github.pixelcnn.BadParameterException;
import java.io.Serializable;

/**
 * What {@link PixelCnnSpark#sample} draws. Image {@code id} (0 … total-1) is drawn from its own
 * random stream seeded {@link io.github.pixelcnn.Seeds#forImage}{@code (seed, id)}, so it is the
 * same image whatever the partitioning, and equals {@code pixelcnn sample --n 1 --seed S} with S
 * that derived seed (and the same class or vector).
 *
 * @param count images to draw; with {@code allClasses}, per class
 * @param temperature divides the logits before each draw
 * @param batch images drawn together inside a task
 * @param sampler {@code cached} or {@code naive}
 * @param classIndex class-conditional model: the class of every image, or null
 * @param allClasses class-conditional model: {@code count} images of each class, image id of class
 *     {@code id / count}
 * @param vector vector-conditional model or auto-encoder: h of every image (a vector or a code), or null
 */
public record SampleSettings(long count, long seed, float temperature, int batch, String sampler, Integer classIndex,
        boolean allClasses, float[] vector) implements Serializable {
    public SampleSettings {
        if (count < 1) {
            throw new BadParameterException("count", "must be at least 1, got " + count);
        }
        if (batch < 1) {
            throw new BadParameterException("batch", "must be at least 1, got " + batch);
        }
        if (!(temperature > 0)) {
            throw new BadParameterException("temperature", "must be positive, got " + temperature);
        }
        if (classIndex != null && allClasses) {
            throw new BadParameterException("allClasses", "and one class contradict each other; give one");
        }
    }
}

package io.github.pixelcnn.sample;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.data.ImageGrid;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import java.nio.file.Path;

/**
 * A sample grid with one row per class of a class-conditional model (one row for an unconditional
 * one): what {@code sample --classes all} shows and what training writes after each epoch.
 */
public final class ClassGrid {
    private ClassGrid() {}

    /** Labels for one row per class: {@code perClass} images of class 0, then of class 1, … */
    public static int[] labels(int classes, int perClass) {
        int[] labels = new int[classes * perClass];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i / perClass;
        }
        return labels;
    }

    /** Samples {@code perClass} images per class with the model's fastest sampler and writes the grid. */
    public static void write(PixelModel model, int perClass, float temperature, long seed, Path image,
            NDManager manager) {
        ModelConfig mc = model.config();
        boolean byClass = mc.conditioning() == Conditioning.CLASS;
        int rows = byClass ? mc.conditionSize() : 1;
        int total = rows * perClass;
        Condition h = byClass ? Condition.classes(labels(rows, perClass), rows) : Condition.none();
        byte[] images = Sampler.forModel(model).sample(model, h, total, temperature, seed, manager);
        ImageGrid.write(image, images, total, mc.imageChannels(), mc.height(), mc.width(), perClass, 2);
    }
}

package io.github.pixelcnn.repro;

import io.github.pixelcnn.model.ModelConfig;
import java.util.List;

/**
 * One model of a reproduction: trained in its own run directory {@code id} under the
 * reproduction's folder.
 *
 * @param id the run directory's name, e.g. {@code gated-none}
 * @param model what the table calls the model, e.g. "Gated PixelCNN"
 * @param conditioning what h is, e.g. "class" or "code M=10, spatial"
 * @param config the architecture
 * @param seed initialisation and batch order
 * @param rows the comparisons that use it: a, b, c, noise
 */
public record Entry(String id, String model, String conditioning, ModelConfig config, long seed, List<String> rows) {
    public Entry {
        rows = List.copyOf(rows);
    }
}

package io.github.pixelcnn.model;

import com.google.gson.annotations.SerializedName;
import java.util.Locale;

/**
 * How a sub-pixel's level enters the network's first layer.
 *
 * <p>{@link #EMBED}: each level of each colour has a learned vector (an embedding table of
 * {@code colours × levels} rows), so the first layer can treat level 0 and level 255 as unrelated
 * symbols rather than as the two ends of a line. {@link #FLOAT}: the level scaled to [-1, 1], one
 * number per sub-pixel, as in the paper's released models and this project's first checkpoints;
 * a config without the field (written before the embedding existed) means FLOAT, so every older
 * checkpoint and pretrained model loads and scores exactly as before.
 */
public enum InputEncoding {
    @SerializedName("embed")
    EMBED,
    @SerializedName("float")
    FLOAT;

    /** "embed" or "float", as the command line and config.json spell it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@link #label()} in any case.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static InputEncoding parse(String text) {
        for (InputEncoding e : values()) {
            if (e.label().equalsIgnoreCase(text.strip())) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown input encoding '" + text + "', expected embed or float");
    }
}

package io.github.pixelcnn.cli;

import io.github.pixelcnn.BadInputException;
import java.util.List;

/**
 * An RGB model splits its feature maps into R, G and B groups, so its widths must be multiples
 * of 3: the refusal and the note that every command fitting its widths to RGB data prints.
 */
final class ColourGroups {
    private ColourGroups() {}

    /** An explicit width that RGB data cannot split: one line that names the flag. */
    static void require(String flag, int value, int rgbDefault) {
        if (value % 3 != 0) {
            throw new BadInputException(flag + " " + value + ": RGB images need a multiple of 3, e.g. " + rgbDefault
                    + " (the RGB default)");
        }
    }

    /** Says which defaults gave way to RGB ones (e.g. {@code --channels 48}), so none changes silently. */
    static void report(List<String> adapted) {
        if (!adapted.isEmpty()) {
            System.out.println("RGB images: defaults " + String.join(", ", adapted)
                    + " (an RGB model needs channels divisible by 3)");
        }
    }
}

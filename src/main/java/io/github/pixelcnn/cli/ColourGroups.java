package io.github.pixelcnn.cli;

import io.github.pixelcnn.BadInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place that decides an RGB model's default widths. An RGB model splits its feature maps
 * into R, G and B groups, so {@code --channels} and {@code --head} must be multiples of 3; the
 * gray defaults that are not give way to RGB ones (multiples of 16 too, since libtorch's fp32
 * convolutions have given NaNs with odd channel counts), a width the user gave is kept or refused,
 * and the output names every default replaced.
 */
final class ColourGroups {
    /** The RGB {@code --channels} of every command: 48 in place of train's 64 and reproduce's 32. */
    static final int RGB_CHANNELS = 48;

    /** train's RGB {@code --head}: 8× its channels, as the gray 64 and 512 are. */
    static final int TRAIN_RGB_HEAD = 384;

    /** reproduce's RGB {@code --head}: the multiple of 48 nearest its gray 128, so the demo-sized models stay small. */
    static final int REPRODUCE_RGB_HEAD = 144;

    private ColourGroups() {}

    /** The widths a command builds its model with, and the defaults replaced to get them (e.g. {@code --head 384}). */
    record Widths(int channels, int head, List<String> adapted) {}

    /**
     * The widths for images of {@code colours} channels: gray ones keep the values as given; for RGB
     * a width the user gave must be a multiple of 3 and is kept, a default becomes the RGB one.
     *
     * @param rgbHead the command's RGB head, {@link #TRAIN_RGB_HEAD} or {@link #REPRODUCE_RGB_HEAD}
     */
    static Widths fit(int colours, int rgbHead, int channels, boolean channelsGiven, int head, boolean headGiven) {
        if (colours != 3) {
            return new Widths(channels, head, List.of());
        }
        List<String> adapted = new ArrayList<>();
        int c = width("--channels", channels, channelsGiven, RGB_CHANNELS, adapted);
        int h = width("--head", head, headGiven, rgbHead, adapted);
        return new Widths(c, h, List.copyOf(adapted));
    }

    private static int width(String flag, int value, boolean given, int rgbDefault, List<String> adapted) {
        if (!given) {
            adapted.add(flag + " " + rgbDefault);
            return rgbDefault;
        }
        if (value % 3 != 0) {
            throw new BadInputException(flag + " " + value + ": RGB images need a multiple of 3, e.g. " + rgbDefault
                    + " (the RGB default)");
        }
        return value;
    }

    /** Says which defaults gave way to RGB ones (e.g. {@code --channels 48}), so none changes silently. */
    static void report(List<String> adapted) {
        if (!adapted.isEmpty()) {
            System.out.println("RGB images: defaults " + String.join(", ", adapted)
                    + " (an RGB model needs channels divisible by 3)");
        }
    }
}

package io.github.pixelcnn.request;

import io.github.pixelcnn.BadParameterException;
import io.github.pixelcnn.data.DataSource;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.train.Checkpoint;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Whether the images handed to a trained model are scaled to its size: because the request asks
 * for it, or because the run that trained the model scaled its own images (train's resize, which
 * each checkpoint records), so that such a model is evaluated, completed, scored and exported on
 * images scaled alike without being told again. A size other than the model's, or other than the
 * one its run was trained with, is refused in one line.
 *
 * @param scales images of another size are scaled (bilinear) to the model's, instead of refused
 * @param fromRun the scaling comes from the run's record, not from the request; front ends say so
 * @param height the model's image height
 * @param width the model's image width
 */
public record Resize(boolean scales, boolean fromRun, int height, int width) {
    /** Asked for as a side: the model's own size, whatever it is (a bare switch on the command line). */
    public static final int MODEL_SIZE = -1;

    /**
     * The decision for the model of {@code checkpoint}.
     *
     * @param asked the side asked for: null when none was, 0 for none (sizes must then agree), a
     *     side, or {@link #MODEL_SIZE}
     * @throws BadParameterException ({@code resize}) for a side other than the model's, or other
     *     than the one its run recorded
     */
    public static Resize forModel(Integer asked, Checkpoint checkpoint) {
        ModelConfig mc = checkpoint.config();
        OptionalInt recorded = checkpoint.resize();
        int trained = recorded.orElse(0);
        if (trained > 0 && asked != null && asked != MODEL_SIZE && asked != trained) {
            throw new BadParameterException("resize", String.format(Locale.ROOT,
                    "%d: the run was trained on images scaled to %dx%d; give %d, or leave it out to scale as it did",
                    asked, trained, trained, trained));
        }
        if (asked == null && trained > 0) {
            return new Resize(true, true, mc.height(), mc.width());
        }
        return asked(asked, mc.height(), mc.width());
    }

    /**
     * The decision for a model of {@code height × width} whose training is not known (a VQ-VAE's
     * images): scaled only when asked for, and only to the model's own size.
     */
    public static Resize asked(Integer asked, int height, int width) {
        if (asked == null || asked == 0) {
            return new Resize(false, false, height, width);
        }
        if (asked != MODEL_SIZE && (asked != height || asked != width)) {
            throw new BadParameterException("resize", String.format(Locale.ROOT,
                    "%d: the model takes %dx%d images, so they can be scaled to that size only", asked, height, width));
        }
        return new Resize(true, false, height, width);
    }

    /**
     * {@code source} with its images scaled as decided. Only an image folder can be scaled: asked
     * for on another set, the refusal says so; recorded by the run, another set (which has one size)
     * is left as it is and its size checked as usual.
     */
    public DataSource apply(DataSource source) {
        if (!scales || (fromRun && !source.isFolder())) {
            return source.expecting(height, width);
        }
        return source.withResize(height, width);
    }

    /** For the note a front end prints when the run's record decided: {@code "6x6, as the run was trained"}. */
    public String describe() {
        return String.format(Locale.ROOT, "%dx%d%s", height, width, fromRun ? ", as the run was trained" : "");
    }
}

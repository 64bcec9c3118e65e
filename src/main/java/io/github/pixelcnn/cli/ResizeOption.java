package io.github.pixelcnn.cli;

import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.request.Resize;
import io.github.pixelcnn.train.Checkpoint;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code --resize [SIDE]}, one meaning on every command: scale images to a SIDE×SIDE square
 * (bilinear). Where a trained model takes the images, SIDE may be left out (it is the model's
 * size; the bare switch of older command lines) and a run trained with {@code --resize} scales
 * alike without being told ({@link Resize}); where a model is still to be trained, SIDE is needed.
 */
final class ResizeOption {
    static final String DESCRIPTION = "scale images to a SIDE x SIDE square (bilinear): a folder:DIR dataset's, or the"
            + " images handed to a model; without SIDE, to the model's size; a run trained with --resize scales alike"
            + " without it (default: off: other sizes are refused)";

    @Option(names = "--resize", arity = "0..1", fallbackValue = "-1", paramLabel = "SIDE", description = DESCRIPTION)
    Integer side;

    /** The side for a model still to be trained: 0 when not asked; a bare --resize names no size. */
    int forNewModel() {
        if (side == null) {
            return 0;
        }
        if (side == Resize.MODEL_SIZE) {
            throw new BadInputException("--resize needs a SIDE here: there is no trained model whose size it could take");
        }
        return side;
    }

    /** The decision for the model of {@code checkpoint}; a note on stderr when the run's record made it. */
    Resize forModel(Checkpoint checkpoint) {
        Resize r = Resize.forModel(side, checkpoint);
        if (r.fromRun()) {
            System.err.printf(Locale.ROOT, "pixelcnn: note: --resize %d from the run: images scaled to %s%n", r.height(),
                    r.describe());
        }
        return r;
    }

    /** The decision for a model of {@code height × width} whose training is not recorded (a VQ-VAE's). */
    Resize forSize(int height, int width) {
        return Resize.asked(side, height, width);
    }
}

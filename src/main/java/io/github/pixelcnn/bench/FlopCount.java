package io.github.pixelcnn.bench;

import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.ModelType;

/**
 * Forward floating-point operations per image of a Gated PixelCNN, counted from its config.
 *
 * <p>Each convolution counts {@code 2·out·in·kh·kw·H·W} (one multiply and one add per tap) as if
 * dense: masked-out taps still cost the convolution its work, because the mask multiplies the
 * kernel, not the loop bounds. The conditioning product {@code V^T h} counts {@code 2·L·4C·K}.
 * Bias additions, activations, the softmax, the loss and the input embedding's one-hot product
 * ({@code 2·levels·C/colours} per sub-pixel, about 1% at R) are left out; they are a few percent of
 * the total. A training step costs about three forwards (forward, input and weight gradients).
 */
public final class FlopCount {
    private FlopCount() {}

    /** Forward FLOPs for one image. */
    public static double forwardPerImage(ModelConfig config) {
        if (config.type() != ModelType.GATED) {
            throw new IllegalArgumentException("FLOPs are counted for the gated model only, got " + config.type());
        }
        double pixels = (double) config.height() * config.width();
        int c = config.channels();
        int gate = 2 * c;
        double total = 0;
        for (int l = 0; l < config.layers(); l++) {
            boolean first = l == 0;
            int in = first ? config.inputChannels() : c;
            int k = first ? config.firstKernel() : config.kernel();
            int verticalRows = first ? k / 2 : k / 2 + 1;
            total += conv(gate, in, verticalRows, k, pixels); // vertical stack
            total += conv(gate, in, 1, k / 2 + 1, pixels); // horizontal stack
            total += conv(gate, gate, 1, 1, pixels); // vertical → horizontal link
            total += conv(c + c, c, 1, 1, pixels); // residual and skip
        }
        int colours = config.imageChannels();
        total += conv(config.headChannels(), c, 1, 1, pixels);
        total += conv(config.levels() * colours, config.headChannels(), 1, 1, pixels);
        if (config.isConditional()) {
            total += 2.0 * config.layers() * 4 * c * config.conditionSize();
        }
        return total;
    }

    /** 2·out·in·kh·kw per output position, times the positions. */
    static double conv(int out, int in, int kh, int kw, double positions) {
        return 2.0 * out * in * kh * kw * positions;
    }
}

package io.github.pixelcnn.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The VQ-VAE's decoder (§4.1): a 3×3 convolution from D channels, residual blocks, then {@code d}
 * upsampling stages back to the image, (N, D, h, w) → (N, C, H, W) in the [-1, 1] scale of the
 * input.
 *
 * <p>Deviation: each upsampling stage is nearest-neighbour 2× upsampling followed by a 3×3
 * convolution, in place of the paper's 4×4 stride-2 transposed convolutions (same role, no
 * checkerboard artefacts; the project's spatial condition map does the same).
 */
final class VqDecoder extends ArrayBlock {
    private static final byte VERSION = 1;

    private final Conv conv;
    private final List<ResidualBlock> blocks = new ArrayList<>();
    private final List<Conv> ups = new ArrayList<>();

    VqDecoder(VqVaeConfig c) {
        super(VERSION);
        conv = addChildBlock("conv", Conv.same(c.hidden(), c.codeDim(), 3));
        for (int i = 0; i < c.residualBlocks(); i++) {
            blocks.add(addChildBlock("res" + i, new ResidualBlock(c.hidden())));
        }
        int in = c.hidden();
        for (int i = 0; i < c.downsamples(); i++) {
            boolean last = i == c.downsamples() - 1;
            int out = last ? c.imageChannels() : c.hidden() / 2;
            ups.add(addChildBlock("up" + i, Conv.same(out, in, 3)));
            in = out;
        }
    }

    /** The reconstruction in [-1, 1] scale (N, C, H, W) from quantised codes (N, D, h, w). */
    @Override
    NDArray apply(NDArray zq) {
        NDArray y = conv.apply(zq); // (N, F, h, w)
        for (ResidualBlock block : blocks) {
            y = block.apply(y); // (N, F, h, w)
        }
        for (Conv up : ups) {
            y = up.apply(upsample(y.getNDArrayInternal().relu())); // (N, F/2 | C, 2h, 2w)
        }
        return y; // (N, C, H, W)
    }

    /** Nearest-neighbour 2× upsampling: each value repeated along rows and columns. */
    private static NDArray upsample(NDArray x) {
        return x.repeat(2, 2).repeat(3, 2); // (N, F, 2h, 2w)
    }

    /** Every parameter's shape is fixed at construction, so the children need no input shape. */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (var child : getChildren().values()) {
            child.initialize(manager, dataType, new Shape(1, 1, 1, 1));
        }
    }

    /** (N, D, h, w) → (N, C, H, W): each child's shapes in the order {@link #apply} runs them. */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] s = conv.getOutputShapes(inputShapes);
        for (ResidualBlock block : blocks) {
            s = block.getOutputShapes(s);
        }
        for (Conv up : ups) {
            Shape in = s[0];
            s = up.getOutputShapes(new Shape[] {new Shape(in.get(0), in.get(1), 2 * in.get(2), 2 * in.get(3))});
        }
        return s;
    }
}

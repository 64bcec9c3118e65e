package io.github.pixelcnn.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The VQ-VAE's encoder z_e(x) (§4.1 of the paper): {@code d} 4×4 stride-2 convolutions with ReLU
 * (the first to half the hidden channels), a 3×3 convolution, residual blocks, then ReLU and a 1×1
 * convolution to D channels: (N, C, H, W) → (N, D, H/2^d, W/2^d).
 */
final class VqEncoder extends ArrayBlock {
    private static final byte VERSION = 1;

    private final List<Conv> downs = new ArrayList<>();
    private final Conv conv;
    private final List<ResidualBlock> blocks = new ArrayList<>();
    private final Conv project;

    VqEncoder(VqVaeConfig c) {
        super(VERSION);
        int in = c.imageChannels();
        for (int i = 0; i < c.downsamples(); i++) {
            int out = i == 0 && c.downsamples() > 1 ? c.hidden() / 2 : c.hidden();
            downs.add(addChildBlock("down" + i, Conv.down(out, in)));
            in = out;
        }
        conv = addChildBlock("conv", Conv.same(c.hidden(), c.hidden(), 3));
        for (int i = 0; i < c.residualBlocks(); i++) {
            blocks.add(addChildBlock("res" + i, new ResidualBlock(c.hidden())));
        }
        project = addChildBlock("project", Conv.same(c.codeDim(), c.hidden(), 1));
    }

    /** z_e: (N, D, h, w) from images scaled to [-1, 1] (N, C, H, W); joins x's manager. */
    @Override
    NDArray apply(NDArray x) {
        NDArray y = x;
        for (Conv down : downs) {
            y = down.apply(y).getNDArrayInternal().relu(); // (N, F, H/2^i, W/2^i)
        }
        y = conv.apply(y); // (N, F, h, w)
        for (ResidualBlock block : blocks) {
            y = block.apply(y); // (N, F, h, w)
        }
        return project.apply(y.getNDArrayInternal().relu()); // (N, D, h, w)
    }

    /** Every parameter's shape is fixed at construction, so the children need no input shape. */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (var child : getChildren().values()) {
            child.initialize(manager, dataType, new Shape(1, 1, 1, 1));
        }
    }

    /** (N, C, H, W) → (N, D, h, w): each child's shapes in the order {@link #apply} runs them. */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] s = inputShapes;
        for (Conv down : downs) {
            s = down.getOutputShapes(s);
        }
        s = conv.getOutputShapes(s);
        for (ResidualBlock block : blocks) {
            s = block.getOutputShapes(s);
        }
        return project.getOutputShapes(s);
    }
}

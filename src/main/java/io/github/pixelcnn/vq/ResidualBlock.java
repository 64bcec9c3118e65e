package io.github.pixelcnn.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The VQ-VAE paper's residual block (§4.1): {@code x + 1×1(ReLU(3×3(ReLU(x))))}, with a
 * bottleneck of half the channels in between.
 */
final class ResidualBlock extends ArrayBlock {
    private static final byte VERSION = 1;

    private final Conv conv3;
    private final Conv conv1;

    ResidualBlock(int channels) {
        super(VERSION);
        conv3 = addChildBlock("conv3", Conv.same(channels / 2, channels, 3));
        conv1 = addChildBlock("conv1", Conv.same(channels, channels / 2, 1));
    }

    /** (N, C, H, W) → (N, C, H, W); joins x's manager. */
    @Override
    NDArray apply(NDArray x) {
        NDArray y = conv3.apply(x.getNDArrayInternal().relu()); // (N, C/2, H, W)
        y = conv1.apply(y.getNDArrayInternal().relu()); // (N, C, H, W)
        return x.add(y); // (N, C, H, W)
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv3.initialize(manager, dataType, inputShapes);
        conv1.initialize(manager, dataType, conv3.getOutputShapes(inputShapes));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}

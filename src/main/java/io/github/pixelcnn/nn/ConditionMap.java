package io.github.pixelcnn.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The deconvolutional network {@code m(·)} of the paper's eq. (5): maps a vector h (N, K) to a
 * spatial map {@code s = m(h)} (N, S, H, W) with the image's height and width, for
 * location-dependent conditioning.
 *
 * <p>A linear layer gives an (S, ⌈H/4⌉, ⌈W/4⌉) map; two stages of nearest-neighbour 2× upsampling
 * and a 3×3 convolution (ReLU between them) bring it to (S, 4⌈H/4⌉, 4⌈W/4⌉), which is cropped to
 * H×W, so any image size works. The paper does not fix m's architecture; upsampling followed by a
 * convolution stands in for its transposed convolutions (same role, no checkerboard artefacts).
 *
 * <p>s depends on h alone, never on pixels, so adding {@code V * s} anywhere in the network
 * leaves it causal.
 */
public final class ConditionMap extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int channels;
    private final int height;
    private final int width;
    private final int coarseHeight;
    private final int coarseWidth;
    private final Parameter weight;
    private final Parameter bias;
    private final MaskedConv2d up1;
    private final MaskedConv2d up2;

    /**
     * @param size K, the length of h
     * @param channels S, the map's channels
     * @param height the image height H
     * @param width the image width W
     */
    public ConditionMap(int size, int channels, int height, int width) {
        super(VERSION);
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.coarseHeight = (height + 3) / 4;
        this.coarseWidth = (width + 3) / 4;
        long coarse = (long) channels * coarseHeight * coarseWidth;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(coarse, size)).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(coarse)).build());
        up1 = addChildBlock("up1", MaskedConv2d.same(channels, channels, 3));
        up2 = addChildBlock("up2", MaskedConv2d.same(channels, channels, 3));
    }

    /** S, the channels of the map. */
    public int channels() {
        return channels;
    }

    /** {@code s = m(h)}: (N, S, H, W) from h (N, K); joins h's manager. */
    public NDArray apply(NDArray h) {
        long n = h.getShape().get(0);
        NDArray coarse = Linear.linear(h, weight.getArray(), bias.getArray()).singletonOrThrow(); // (N, S·H4·W4)
        NDArray s = coarse.reshape(n, channels, coarseHeight, coarseWidth).getNDArrayInternal().relu(); // (N, S, H/4, W/4)
        s = up1.apply(upsample(s)).getNDArrayInternal().relu(); // (N, S, H/2, W/2)
        s = up2.apply(upsample(s)); // (N, S, 4·⌈H/4⌉, 4·⌈W/4⌉)
        return s.get(":, :, :" + height + ", :" + width); // (N, S, H, W)
    }

    /** Nearest-neighbour 2× upsampling: each value repeated along rows and columns. */
    private static NDArray upsample(NDArray x) {
        return x.repeat(2, 2).repeat(3, 2); // (N, S, 2h, 2w)
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(inputs.singletonOrThrow()));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (var child : getChildren().values()) {
            child.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), channels, height, width)};
    }
}

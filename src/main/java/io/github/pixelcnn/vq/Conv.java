package io.github.pixelcnn.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;

/**
 * A plain (unmasked) square convolution with bias: the VQ-VAE's encoder and decoder see whole
 * images, so none of the PixelCNN's masks apply.
 */
final class Conv extends ArrayBlock {
    private static final byte VERSION = 1;

    private final int out;
    private final int stride;
    private final int padding;
    private final Parameter weight;
    private final Parameter bias;

    /** A {@code kernel × kernel} convolution, {@code in → out} channels. */
    Conv(int out, int in, int kernel, int stride, int padding) {
        super(VERSION);
        this.out = out;
        this.stride = stride;
        this.padding = padding;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(out, in, kernel, kernel)).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(out)).build());
    }

    /** A stride-1 convolution that keeps the size (odd kernel, half of it as padding). */
    static Conv same(int out, int in, int kernel) {
        return new Conv(out, in, kernel, 1, kernel / 2);
    }

    /** A 4×4, stride-2, pad-1 convolution: halves an even size exactly. */
    static Conv down(int out, int in) {
        return new Conv(out, in, 4, 2, 1);
    }

    /** (N, in, H, W) → (N, out, H', W'); joins x's manager. */
    @Override
    NDArray apply(NDArray x) {
        return Conv2d.conv2d(x, weight.getArray(), bias.getArray(), new Shape(stride, stride),
                new Shape(padding, padding)).singletonOrThrow(); // (N, out, H', W')
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long h = in.get(2) == -1 ? -1 : (in.get(2) + 2L * padding - weight.getShape().get(2)) / stride + 1;
        long w = in.get(3) == -1 ? -1 : (in.get(3) + 2L * padding - weight.getShape().get(3)) / stride + 1;
        return new Shape[] {new Shape(in.get(0), out, h, w)};
    }
}

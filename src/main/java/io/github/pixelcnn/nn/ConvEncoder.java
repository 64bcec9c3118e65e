package io.github.pixelcnn.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The encoder of the PixelCNN auto-encoder (§3.4): two 3×3 convolutions with stride 2 and ReLU,
 * then a linear map of the flattened (F, ⌈H/4⌉, ⌈W/4⌉) features to the code h ∈ R^M.
 *
 * <p>The paper takes its encoder from the convolutional auto-encoder it compares with and does not
 * give its layers; this one is deliberately small, since the decoder does the modelling.
 */
public final class ConvEncoder extends AbstractBlock {
    private static final byte VERSION = 1;
    private static final Shape STRIDE = new Shape(2, 2);
    private static final Shape PAD = new Shape(1, 1);

    private final int code;
    private final Parameter conv1;
    private final Parameter bias1;
    private final Parameter conv2;
    private final Parameter bias2;
    private final Parameter linear;
    private final Parameter linearBias;

    /**
     * @param colours the image's channels
     * @param features F, channels of both convolutions
     * @param height image height H
     * @param width image width W
     * @param code M, the bottleneck
     */
    public ConvEncoder(int colours, int features, int height, int width, int code) {
        super(VERSION);
        this.code = code;
        long flat = (long) features * halve(halve(height)) * halve(halve(width));
        conv1 = weight("conv1", new Shape(features, colours, 3, 3));
        bias1 = bias("bias1", features);
        conv2 = weight("conv2", new Shape(features, features, 3, 3));
        bias2 = bias("bias2", features);
        linear = weight("linear", new Shape(code, flat));
        linearBias = bias("linearBias", code);
    }

    /** M, the code size. */
    public int codeSize() {
        return code;
    }

    /** h = enc(x) in fp32: (N, M) from images scaled to [-1, 1] (N, C, H, W); joins x's manager. */
    public NDArray apply(NDArray x) {
        return apply(x, Precision.FP32);
    }

    /**
     * h = enc(x) with the two convolutions in {@code precision}; the linear map and the code stay
     * fp32 (it is small, and h feeds float terms).
     */
    public NDArray apply(NDArray x, Precision precision) {
        long n = x.getShape().get(0);
        NDArray y = precision.conv2d(x, conv1.getArray(), bias1.getArray(), STRIDE, PAD); // (N, F, H/2, W/2)
        y = y.getNDArrayInternal().relu();
        y = precision.conv2d(y, conv2.getArray(), bias2.getArray(), STRIDE, PAD); // (N, F, H/4, W/4)
        y = precision.toFloat(y.getNDArrayInternal().relu()).reshape(n, -1); // (N, F·H/4·W/4)
        return Linear.linear(y, linear.getArray(), linearBias.getArray()).singletonOrThrow(); // (N, M)
    }

    /** Output size of a 3×3, stride-2, pad-1 convolution. */
    private static int halve(int size) {
        return (size + 1) / 2;
    }

    private Parameter weight(String name, Shape shape) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(shape).build());
    }

    private Parameter bias(String name, int size) {
        return addParameter(
                Parameter.builder().setName(name).setType(Parameter.Type.BIAS).optShape(new Shape(size)).build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(inputs.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), code)};
    }
}

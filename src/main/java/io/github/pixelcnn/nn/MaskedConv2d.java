package io.github.pixelcnn.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 2-D convolution whose kernel is multiplied by a fixed {@link ConvMask} and whose input is
 * padded unevenly before a valid convolution.
 *
 * <p>Uneven padding is what makes the shifted kernels of the Gated PixelCNN causal without masks:
 * padding {@code (left, right, top, bottom)} places the kernel over rows above or columns to the
 * left only. A negative entry crops (PyTorch's pad semantics), which the first vertical layer uses
 * to drop the last input row. The mask is a constant made once, not per call.
 *
 * <p>The factories name each shape the models use: {@link #verticalStack} and {@link
 * #horizontalStack} (§2.2's two shifted stacks), {@link #maskedKxK} (the PixelCNN's masked
 * convolution, §3.5 of van den Oord et al. 2016a), {@link #same} (an unmasked, size-keeping
 * convolution), {@link #pointwise} and {@link #causalPointwise} (1×1).
 */
public final class MaskedConv2d extends AbstractBlock {
    private static final byte VERSION = 1;
    private static final Shape UNIT = new Shape(1, 1);
    private static final Shape NONE = new Shape(0, 0);

    private final int outChannels;
    private final int inChannels;
    private final int kernelHeight;
    private final int kernelWidth;
    private final float[] mask;
    private final Shape padding;
    private final Parameter weight;
    private final Parameter bias;
    private NDArray maskArray;

    /**
     * @param mask the kernel mask in (out, in, kh, kw) order, or {@code null} for none
     * @param padding {@code (left, right, top, bottom)}, each may be negative to crop
     */
    private MaskedConv2d(
            int outChannels,
            int inChannels,
            int kernelHeight,
            int kernelWidth,
            float[] mask,
            long left,
            long right,
            long top,
            long bottom) {
        super(VERSION);
        this.outChannels = outChannels;
        this.inChannels = inChannels;
        this.kernelHeight = kernelHeight;
        this.kernelWidth = kernelWidth;
        if (mask != null && mask.length != outChannels * inChannels * kernelHeight * kernelWidth) {
            throw new IllegalArgumentException("mask size does not match the kernel");
        }
        this.mask = mask == null || ConvMask.isAllOnes(mask) ? null : mask.clone();
        this.padding = new Shape(left, right, top, bottom);
        weight =
                addParameter(
                        Parameter.builder()
                                .setName("weight")
                                .setType(Parameter.Type.WEIGHT)
                                .optShape(weightShape())
                                .build());
        bias =
                addParameter(
                        Parameter.builder()
                                .setName("bias")
                                .setType(Parameter.Type.BIAS)
                                .optShape(new Shape(outChannels))
                                .build());
    }

    /**
     * The vertical stack's convolution (§2.2): a kernel over the rows above only, made causal by
     * padding instead of a mask. The first layer reads the image itself, so its {@code (k/2)×k}
     * kernel covers rows {@code i-k/2 … i-1}: the bottom padding of {@code -1} crops the last input
     * row, which shifts the output down by one. Later layers read vertical features that are
     * already strictly above their row, so their {@code (k/2+1)×k} kernel covers rows {@code
     * i-k/2 … i} with no shift.
     *
     * @param kernel k, odd
     * @param first whether this layer reads the image
     */
    public static MaskedConv2d verticalStack(int outChannels, int inChannels, int kernel, boolean first) {
        int half = kernel / 2;
        return first
                ? new MaskedConv2d(outChannels, inChannels, half, kernel, null, half, half, half, -1)
                : new MaskedConv2d(outChannels, inChannels, half + 1, kernel, null, half, half, half, 0);
    }

    /**
     * The horizontal stack's convolution (§2.2): a {@code 1×(k/2+1)} kernel over the current row
     * up to the current column, padded on the left only, masked at its last column (the current
     * position) with {@code type}: A in the first layer, B after.
     *
     * @param kernel k, odd
     * @param colours 1 for gray, 3 for RGB (the mask's colour groups)
     */
    public static MaskedConv2d horizontalStack(
            int outChannels, int inChannels, int kernel, ConvMask.Type type, int colours) {
        int half = kernel / 2;
        float[] mask = ConvMask.build(type, outChannels, inChannels, 1, half + 1, 0, half, colours);
        return new MaskedConv2d(outChannels, inChannels, 1, half + 1, mask, half, 0, 0, 0);
    }

    /**
     * A {@code k×k} convolution masked around its centre ({@link ConvMask} type A or B) with
     * size-keeping padding: the PixelCNN's layer, whose mask leaves the blind spot that the gated
     * stacks remove.
     */
    public static MaskedConv2d maskedKxK(ConvMask.Type type, int outChannels, int inChannels, int kernel, int colours) {
        int half = kernel / 2;
        float[] mask = ConvMask.build(type, outChannels, inChannels, kernel, kernel, half, half, colours);
        return new MaskedConv2d(outChannels, inChannels, kernel, kernel, mask, half, half, half, half);
    }

    /** An unmasked {@code k×k} convolution with size-keeping padding, for maps of h that carry no pixels. */
    public static MaskedConv2d same(int outChannels, int inChannels, int kernel) {
        int half = kernel / 2;
        return new MaskedConv2d(outChannels, inChannels, kernel, kernel, null, half, half, half, half);
    }

    /**
     * A 1×1 convolution with a type-B colour mask: a per-position linear map that keeps the
     * R→G→B order (for gray images the mask is all ones and is dropped).
     */
    public static MaskedConv2d causalPointwise(int outChannels, int inChannels, int colours) {
        return pointwise(
                outChannels,
                inChannels,
                ConvMask.build(ConvMask.Type.B, outChannels, inChannels, 1, 1, 0, 0, colours));
    }

    /** A 1×1 convolution with an optional mask: the per-position linear maps of both stacks. */
    public static MaskedConv2d pointwise(int outChannels, int inChannels, float[] mask) {
        return new MaskedConv2d(outChannels, inChannels, 1, 1, mask, 0, 0, 0, 0);
    }

    public Shape weightShape() {
        return new Shape(outChannels, inChannels, kernelHeight, kernelWidth);
    }

    public int outChannels() {
        return outChannels;
    }

    public int inChannels() {
        return inChannels;
    }

    public int kernelHeight() {
        return kernelHeight;
    }

    public int kernelWidth() {
        return kernelWidth;
    }

    /** The padding {@code (left, right, top, bottom)} applied before the valid convolution. */
    public Shape padding() {
        return padding;
    }

    public Parameter weightParameter() {
        return weight;
    }

    public Parameter biasParameter() {
        return bias;
    }

    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        super.initialize(manager, dataType, inputShapes);
        if (mask != null && maskArray == null) {
            maskArray = manager.create(mask, weightShape()).toType(dataType, false);
        }
    }

    /**
     * The effective kernel, mask applied. The result joins {@code manager}, so a step's
     * temporaries are freed with the step rather than with the model.
     */
    public NDArray maskedWeight(NDManager manager) {
        NDArray w = weight.getArray();
        if (maskArray == null) {
            return w;
        }
        NDArray masked = w.mul(maskArray); // (out, in, kh, kw)
        masked.attach(manager);
        return masked;
    }

    /** Applies the convolution in fp32: {@link #apply(NDArray, Precision)} for layers outside the network's precision. */
    public NDArray apply(NDArray x) {
        return apply(x, Precision.FP32);
    }

    /**
     * Applies the convolution to {@code x} (N, in, H, W) in {@code precision}; the result joins
     * x's manager.
     *
     * <p>In fp32 without autograd (evaluation, scoring, sampling) the kernel is handed to libtorch
     * with channels-last strides, which makes oneDNN keep activations in NHWC instead of reordering
     * them to and from its blocked layout around every convolution: 1.15-1.5× faster inference
     * here. fp32 training keeps the default layout, whose backward kernels were ~15% faster. In
     * bf16 the activations themselves are channels-last ({@link Precision#activations}).
     */
    public NDArray apply(NDArray x, Precision precision) {
        return applyOutputs(x, 0, outChannels, precision);
    }

    /**
     * Output channels {@code [from, to)} alone, (N, to − from, H', W'): the kernel's and the bias's
     * rows for them. Why: a caller that needs the outputs in parts (one layer's gates at a time)
     * gets each part as its own result, where slices of one large result would each cost a
     * full-size gradient in the backward pass.
     */
    public NDArray applyOutputs(NDArray x, int from, int to, Precision precision) {
        NDManager step = x.getManager();
        NDArray padded = isZeroPadding() ? x : x.pad(padding, 0); // (N, in, H+t+b, W+l+r)
        NDArray kernel = maskedWeight(step); // (out, in, kh, kw)
        NDArray b = bias.getArray(); // (out)
        if (from != 0 || to != outChannels) {
            // Slices of a parameter join the parameter's manager: move them to the step's.
            kernel = kernel.get(from + ":" + to); // (to − from, in, kh, kw)
            kernel.attach(step);
            b = b.get(from + ":" + to); // (to − from)
            b.attach(step);
        }
        if (precision == Precision.FP32 && !JniUtils.isGradMode()) {
            kernel = channelsLast(kernel, step);
        }
        return precision.conv2d(padded, kernel, b, UNIT, NONE); // (N, to − from, H', W')
    }

    /**
     * The same values with channels-last strides: a copy laid out as (out, kh, kw, in), viewed as
     * (out, in, kh, kw). DJL has no memory-format argument, but libtorch infers it from strides.
     * The arrays join {@code manager}, not the parameter's, so they are freed with the step.
     */
    static NDArray channelsLast(NDArray w, NDManager manager) {
        Shape s = w.getShape();
        NDArray ohwi = w.transpose(0, 2, 3, 1); // (out, kh, kw, in) view
        ohwi.attach(manager);
        return ohwi.reshape(-1) // forces the copy in that order
                .reshape(s.get(0), s.get(2), s.get(3), s.get(1))
                .transpose(0, 3, 1, 2); // (out, in, kh, kw) view
    }

    private boolean isZeroPadding() {
        for (long p : padding.getShape()) {
            if (p != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        return new NDList(apply(inputs.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long[] p = padding.getShape();
        long h = in.get(2) + p[2] + p[3] - kernelHeight + 1;
        long w = in.get(3) + p[0] + p[1] - kernelWidth + 1;
        return new Shape[] {new Shape(in.get(0), outChannels, h, w)};
    }
}

package io.github.pixelcnn.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One layer of the Gated PixelCNN (arXiv 1606.05328, §2.2 and Figure 2).
 *
 * <p><b>Vertical stack.</b> A {@code (k/2+1)×k} kernel over the rows above, made causal by
 * padding alone: the vertical features at row {@code i} depend only on input rows {@code < i}.
 * The first layer, which reads the image itself, uses a {@code (k/2)×k} kernel over rows {@code
 * i-k/2 … i-1} (its padding crops the last input row); later layers read rows {@code i-k/2 … i}
 * of vertical features that are already strictly above. Because of this invariant the
 * vertical→horizontal link needs no extra down-shift.
 *
 * <p><b>Horizontal stack.</b> A {@code 1×(k/2+1)} kernel over the current row up to the current
 * position, anchored at its last column with {@link ConvMask} type A in the first layer
 * (excludes the current sub-pixel) and type B after. Colour images split the channels into R, G,
 * B groups so that G may see R of the same pixel and B may see R and G.
 *
 * <p>Both stacks apply the gated activation to {@code conv + V^T h} (eq. 4) or {@code conv + V *
 * s} with a spatial map s (eq. 5), or their sum; the horizontal one also
 * adds the 1×1 link from the vertical stack's convolution output. A 1×1 convolution of the
 * horizontal gate gives both the residual (added to the stack's input, except in the first
 * layer, whose input is the image) and the skip contribution to the output head.
 */
public final class GatedLayer extends AbstractBlock {
    private static final byte VERSION = 1;

    private final boolean first;
    private final int channels;
    private final int skipChannels;
    private final MaskedConv2d vertical;
    private final MaskedConv2d horizontal;
    private final MaskedConv2d link;
    private final MaskedConv2d output;

    /**
     * @param inChannels the image's channels for the first layer, {@code channels} after
     * @param channels p, the feature maps per stack
     * @param skipChannels width of this layer's skip contribution
     * @param kernel k, odd
     * @param first whether this layer reads the image (mask A, no residual)
     * @param colours 1 for gray, 3 for RGB
     */
    public GatedLayer(
            int inChannels, int channels, int skipChannels, int kernel, boolean first, int colours) {
        super(VERSION);
        this.first = first;
        this.channels = channels;
        this.skipChannels = skipChannels;
        int gate = 2 * channels;
        vertical = MaskedConv2d.verticalStack(gate, inChannels, kernel, first);
        ConvMask.Type type = first ? ConvMask.Type.A : ConvMask.Type.B;
        horizontal = MaskedConv2d.horizontalStack(gate, inChannels, kernel, type, colours);
        link = MaskedConv2d.pointwise(gate, gate, null);
        int outputs = channels + skipChannels;
        output =
                MaskedConv2d.causalPointwise(outputs, channels, colours);
        addChildBlock("vertical", vertical);
        addChildBlock("horizontal", horizontal);
        addChildBlock("link", link);
        addChildBlock("output", output);
    }

    public boolean isFirst() {
        return first;
    }

    public int channels() {
        return channels;
    }

    public int skipChannels() {
        return skipChannels;
    }

    public MaskedConv2d vertical() {
        return vertical;
    }

    public MaskedConv2d horizontal() {
        return horizontal;
    }

    public MaskedConv2d link() {
        return link;
    }

    public MaskedConv2d output() {
        return output;
    }

    /**
     * Runs the layer over whole images.
     *
     * @param verticalIn vertical stack input (N, Cin, H, W)
     * @param horizontalIn horizontal stack input (N, Cin, H, W)
     * @param conditionVertical the term of the paper's h in the vertical gate: {@code V^T h} (N,
     *     2C, 1, 1), a location-dependent {@code V * s} (N, 2C, H, W), their sum, or null
     * @param conditionHorizontal the same for the horizontal gate, or null
     * @param precision how the convolutions run; in bf16 the inputs and terms are bf16 already
     *     ({@link Precision#activations}, {@link Precision#terms}) and every result stays bf16
     * @return the new vertical features (N, C, H, W), horizontal features (N, C, H, W) and skip
     *     contribution (N, S, H, W)
     */
    public NDList apply(NDArray verticalIn, NDArray horizontalIn, NDArray conditionVertical,
            NDArray conditionHorizontal, Precision precision) {
        NDArray verticalConv = vertical.apply(verticalIn, precision); // (N, 2C, H, W)
        NDArray verticalPre = conditionVertical == null ? verticalConv : verticalConv.add(conditionVertical);
        NDArray verticalOut = GatedActivation.apply(verticalPre); // (N, C, H, W)

        NDArray horizontalPre = horizontal.apply(horizontalIn, precision)
                .add(link.apply(verticalConv, precision)); // (N, 2C, H, W)
        if (conditionHorizontal != null) {
            horizontalPre = horizontalPre.add(conditionHorizontal);
        }
        NDArray gated = GatedActivation.apply(horizontalPre); // (N, C, H, W)
        NDList split = output.apply(gated, precision).split(new long[] {channels}, 1);
        NDArray residual = split.get(0); // (N, C, H, W)
        NDArray horizontalOut = first ? residual : residual.add(horizontalIn);
        return new NDList(verticalOut, horizontalOut, split.get(1)); // skip: (N, S, H, W)
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray conditionVertical = inputs.size() > 2 ? inputs.get(2) : null;
        NDArray conditionHorizontal = inputs.size() > 3 ? inputs.get(3) : null;
        return apply(inputs.get(0), inputs.get(1), conditionVertical, conditionHorizontal, Precision.FP32);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (var child : getChildren().values()) {
            child.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long n = in.get(0);
        return new Shape[] {
            new Shape(n, channels, in.get(2), in.get(3)),
            new Shape(n, channels, in.get(2), in.get(3)),
            new Shape(n, skipChannels, in.get(2), in.get(3))
        };
    }
}

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
 * ReLU → 1×1 → ReLU → 1×1: turns features into {@code levels}-way logits for every sub-pixel.
 *
 * <p>Both 1×1 convolutions carry a type-B colour mask, so for RGB the logits of G depend on
 * features of groups R and G only, and so on. Output channel {@code level·C + c} holds the logit
 * of {@code level} for colour {@code c}, so a plain reshape gives (N, levels, C, H, W).
 */
public final class OutputHead extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int levels;
    private final int colours;
    private final MaskedConv2d hidden;
    private final MaskedConv2d logits;

    public OutputHead(int inChannels, int headChannels, int levels, int colours) {
        super(VERSION);
        this.levels = levels;
        this.colours = colours;
        hidden =
                MaskedConv2d.causalPointwise(headChannels, inChannels, colours);
        int out = levels * colours;
        logits =
                MaskedConv2d.causalPointwise(out, headChannels, colours);
        addChildBlock("hidden", hidden);
        addChildBlock("logits", logits);
    }

    public MaskedConv2d hidden() {
        return hidden;
    }

    public MaskedConv2d logitsConv() {
        return logits;
    }

    /** (N, F, H, W) → (N, levels, C, H, W), in fp32. */
    public NDArray apply(NDArray features) {
        return apply(features, Precision.FP32);
    }

    /** (N, F, H, W) → (N, levels, C, H, W), in {@code precision}'s type (bf16 stays bf16). */
    public NDArray apply(NDArray features, Precision precision) {
        NDArray a = hidden.apply(features.getNDArrayInternal().relu(), precision); // (N, head, H, W)
        NDArray out = logits.apply(a.getNDArrayInternal().relu(), precision); // (N, levels·C, H, W)
        Shape s = out.getShape();
        return out.reshape(s.get(0), levels, colours, s.get(2), s.get(3));
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
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        hidden.initialize(manager, dataType, inputShapes);
        logits.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), levels, colours, in.get(2), in.get(3))};
    }
}

package io.github.pixelcnn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import io.github.pixelcnn.nn.ConvMask;
import io.github.pixelcnn.nn.InputEmbedding;
import io.github.pixelcnn.nn.MaskedConv2d;
import io.github.pixelcnn.nn.OutputHead;
import io.github.pixelcnn.nn.Precision;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The original PixelCNN (van den Oord et al., "Pixel Recurrent Neural Networks", 2016, §3.5),
 * the baseline that arXiv 1606.05328 improves on.
 *
 * <p>A {@code firstKernel×firstKernel} mask-A convolution, then residual blocks of ReLU → k×k
 * mask-B convolution (+ V^T h when conditional) → ReLU → 1×1 mask-B convolution, then the
 * {@link OutputHead}. Stacking masked k×k kernels leaves the well-known <em>blind spot</em>: the
 * pixels above and to the right of the current one, beyond a diagonal, never reach it however
 * deep the net. This class keeps that flaw on purpose, as the baseline.
 */
public final class PixelCNN extends PixelModel {
    private final InputEmbedding embedding;
    private final MaskedConv2d first;
    private final List<MaskedConv2d[]> blocks;
    private final OutputHead head;
    private final Parameter condition;

    public PixelCNN(ModelConfig config) {
        super(config);
        if (config.type() != ModelType.PIXELCNN) {
            throw new IllegalArgumentException("not a PixelCNN config: " + config.type());
        }
        int c = config.channels();
        int colours = config.imageChannels();
        int k1 = config.firstKernel();
        InputEmbedding table = embeddingFor(config);
        embedding = table == null ? null : addChildBlock("embedding", table);
        first =
                addChildBlock(
                        "first",
                        MaskedConv2d.maskedKxK(ConvMask.Type.A, c, config.inputChannels(), k1, colours));
        int k = config.kernel();
        List<MaskedConv2d[]> list = new ArrayList<>();
        for (int b = 1; b < config.layers(); b++) {
            MaskedConv2d spatial =
                    MaskedConv2d.maskedKxK(ConvMask.Type.B, c, c, k, colours);
            MaskedConv2d pointwise =
                    MaskedConv2d.causalPointwise(c, c, colours);
            addChildBlock("block" + b + "_spatial", spatial);
            addChildBlock("block" + b + "_pointwise", pointwise);
            list.add(new MaskedConv2d[] {spatial, pointwise});
        }
        blocks = Collections.unmodifiableList(list);
        head = addChildBlock("head", new OutputHead(c, config.headChannels(), config.levels(), colours));
        condition =
                config.isConditional()
                        ? addParameter(
                                Parameter.builder()
                                        .setName("condition")
                                        .setType(Parameter.Type.WEIGHT)
                                        .optShape(new Shape((long) c * config.layers(), config.conditionSize()))
                                        .build())
                        : null;
    }

    @Override
    public NDArray logitsOf(NDArray features, NDArray cond) {
        long n = features.getShape().get(0);
        int c = config.channels();
        NDArray biases =
                cond == null
                        ? null
                        : Linear.linear(cond, condition.getArray())
                                .singletonOrThrow()
                                .reshape(n, config.layers(), c, 1, 1); // (N, L, C, 1, 1)
        Precision p = precision();
        if (biases != null) {
            biases = p.terms(biases);
        }
        NDArray x = first.apply(p.activations(features), p); // (N, C, H, W)
        if (biases != null) {
            x = x.add(biases.get(":, 0"));
        }
        for (int b = 0; b < blocks.size(); b++) {
            MaskedConv2d[] block = blocks.get(b);
            NDArray y = block[0].apply(x.getNDArrayInternal().relu(), p); // (N, C, H, W)
            if (biases != null) {
                y = y.add(biases.get(":, " + (b + 1)));
            }
            x = x.add(block[1].apply(y.getNDArrayInternal().relu(), p)); // (N, C, H, W)
        }
        return p.toFloat(head.apply(x, p)); // (N, levels, C, H, W) float
    }

    @Override
    protected InputEmbedding embedding() {
        return embedding;
    }

    /** The first, mask-A convolution: the input features ({@link ModelConfig#inputChannels}) → C channels. */
    public MaskedConv2d first() {
        return first;
    }

    /** Each residual block's mask-B k×k convolution and mask-B 1×1 convolution, in order. */
    public List<MaskedConv2d[]> blocks() {
        return blocks;
    }

    public OutputHead head() {
        return head;
    }

    /**
     * {@code V^T h} of every layer, first convolution then each block: (N, L·C); null when the
     * model is unconditional.
     */
    public NDArray conditionBiases(NDArray cond) {
        return condition == null ? null : Linear.linear(cond, condition.getArray()).singletonOrThrow(); // (N, L·C)
    }
}

package io.github.pixelcnn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import io.github.pixelcnn.nn.ConditionMap;
import io.github.pixelcnn.nn.GatedLayer;
import io.github.pixelcnn.nn.InputEmbedding;
import io.github.pixelcnn.nn.MaskedConv2d;
import io.github.pixelcnn.nn.OutputHead;
import io.github.pixelcnn.nn.Precision;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The Gated PixelCNN of van den Oord et al., "Conditional Image Generation with PixelCNN
 * Decoders" (arXiv 1606.05328), §2.1–2.3.
 *
 * <p>A stack of {@link GatedLayer}s (the first with a {@code firstKernel}-wide, mask-A-equivalent
 * kernel), skip connections summed into an {@link OutputHead}, and conditioning on h in the
 * form the config names: global, where h enters every layer's two gates as {@code V^T h} (eq. 4),
 * location-dependent, where a deconvolutional network gives a map {@code s = m(h)} that enters
 * them as {@code V * s} through 1×1 convolutions (eq. 5), or both summed. All layers' {@code V^T
 * h} come from one matrix product and all layers' {@code V * s} from one 1×1 convolution, each
 * computed once per forward pass. Neither term depends on pixels, so both keep the model causal.
 *
 * <p>Deviations: the skip contribution of each layer comes from the same 1×1 convolution as its
 * residual (one operation instead of two); the paper does not fix the head's width.
 */
public final class GatedPixelCNN extends PixelModel {
    private final InputEmbedding embedding;
    private final List<GatedLayer> layers;
    private final OutputHead head;
    private final Parameter condition;
    private final ConditionMap conditionMap;
    private final MaskedConv2d mapProjection;

    public GatedPixelCNN(ModelConfig config) {
        super(config);
        if (config.type() != ModelType.GATED) {
            throw new IllegalArgumentException("not a gated config: " + config.type());
        }
        int c = config.channels();
        int colours = config.imageChannels();
        InputEmbedding table = embeddingFor(config);
        embedding = table == null ? null : addChildBlock("embedding", table);
        List<GatedLayer> list = new ArrayList<>();
        for (int l = 0; l < config.layers(); l++) {
            boolean first = l == 0;
            GatedLayer layer =
                    new GatedLayer(
                            first ? config.inputChannels() : c,
                            c,
                            c,
                            first ? config.firstKernel() : config.kernel(),
                            first,
                            colours);
            list.add(addChildBlock("layer" + l, layer));
        }
        layers = Collections.unmodifiableList(list);
        head = addChildBlock("head", new OutputHead(c, config.headChannels(), config.levels(), colours));
        boolean conditional = config.isConditional();
        condition =
                conditional && config.form().global()
                        ? addParameter(
                                Parameter.builder()
                                        .setName("condition")
                                        .setType(Parameter.Type.WEIGHT)
                                        .optShape(new Shape(4L * c * config.layers(), config.conditionSize()))
                                        .build())
                        : null;
        if (conditional && config.form().spatial()) {
            conditionMap = addChildBlock("conditionMap",
                    new ConditionMap(config.conditionSize(), config.mapChannels(), config.height(), config.width()));
            mapProjection = addChildBlock("mapProjection",
                    MaskedConv2d.pointwise(4 * c * config.layers(), config.mapChannels(), null));
        } else {
            conditionMap = null;
            mapProjection = null;
        }
    }

    @Override
    protected InputEmbedding embedding() {
        return embedding;
    }

    public List<GatedLayer> layers() {
        return layers;
    }

    public OutputHead head() {
        return head;
    }

    /** V of eq. (4) for every layer and both stacks, (L·4C, K); null without global conditioning. */
    public Parameter conditionParameter() {
        return condition;
    }

    /**
     * {@code V^T h} of every layer: (N, L, 4C, 1, 1), where the first 2C channels of each layer
     * feed the vertical gate and the last 2C the horizontal gate; null when the model has no global
     * conditioning.
     */
    public NDArray conditionBiases(NDArray cond) {
        if (condition == null) {
            return null;
        }
        long n = cond.getShape().get(0);
        NDArray all = Linear.linear(cond, condition.getArray()).singletonOrThrow(); // (N, L·4C)
        return all.reshape(n, config.layers(), 4L * config.channels(), 1, 1);
    }

    /** m(·) of eq. (5), or null when the model has no location-dependent conditioning. */
    public ConditionMap conditionMap() {
        return conditionMap;
    }

    /** V of eq. (5): the 1×1 convolution from the map s to every layer's gates, (S → L·4C); null without a map. */
    public MaskedConv2d mapProjection() {
        return mapProjection;
    }

    /**
     * {@code s = m(h)} of eq. (5) as the network's activations hold it (channels-last bf16 in bf16),
     * or null when the model has no location-dependent conditioning.
     */
    private NDArray map(NDArray cond, Precision precision) {
        return conditionMap == null ? null : precision.activations(conditionMap.apply(cond)); // (N, S, H, W)
    }

    /**
     * Layer l's {@code V * s} in one gate, (N, 2C, H, W): gate 0 the vertical, 1 the horizontal.
     * One 1×1 convolution per layer and gate, not all layers' (N, L·4C, H, W) at once and sliced:
     * every slice of that cost a full-size gradient in the backward pass (docs/performance.md, "A
     * spatial h"). The vertical term is added at the image's own position, which is causal because
     * s carries no pixel information.
     */
    private NDArray mapTerm(NDArray s, int layer, int gate, Precision precision) {
        int from = (4 * layer + 2 * gate) * config.channels();
        return mapProjection.applyOutputs(s, from, from + 2 * config.channels(), precision);
    }

    @Override
    public NDArray logitsOf(NDArray features, NDArray cond) {
        Precision p = precision();
        NDArray x = p.activations(features); // (N, Cin, H, W)
        NDArray biases = cond == null ? null : conditionBiases(cond); // (N, L, 4C, 1, 1)
        NDArray s = cond == null ? null : map(cond, p); // (N, S, H, W)
        if (biases != null) {
            biases = p.terms(biases);
        }
        NDArray vertical = x;
        NDArray horizontal = x;
        NDArray skip = null;
        for (int l = 0; l < layers.size(); l++) {
            NDArray conditionVertical = null;
            NDArray conditionHorizontal = null;
            if (biases != null) {
                NDList halves = biases.get(":, " + l).split(2, 1); // 2 × (N, 2C, 1, 1)
                conditionVertical = halves.get(0);
                conditionHorizontal = halves.get(1);
            }
            if (s != null) {
                NDArray v = mapTerm(s, l, 0, p); // (N, 2C, H, W)
                NDArray h = mapTerm(s, l, 1, p); // (N, 2C, H, W)
                conditionVertical = conditionVertical == null ? v : v.add(conditionVertical);
                conditionHorizontal = conditionHorizontal == null ? h : h.add(conditionHorizontal);
            }
            NDList out = layers.get(l).apply(vertical, horizontal, conditionVertical, conditionHorizontal, p);
            vertical = out.get(0); // (N, C, H, W)
            horizontal = out.get(1); // (N, C, H, W)
            skip = skip == null ? out.get(2) : skip.add(out.get(2)); // (N, C, H, W)
        }
        return p.toFloat(head.apply(skip, p)); // (N, levels, C, H, W) float
    }
}

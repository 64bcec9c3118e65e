package io.github.pixelcnn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import io.github.pixelcnn.nn.GatedLayer;
import io.github.pixelcnn.nn.OutputHead;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The Gated PixelCNN of van den Oord et al., "Conditional Image Generation with PixelCNN
 * Decoders" (arXiv 1606.05328), §2.1–2.3.
 *
 * <p>A stack of {@link GatedLayer}s (the first with a {@code firstKernel}-wide, mask-A-equivalent
 * kernel), skip connections summed into an {@link OutputHead}, and global conditioning: h enters
 * every layer's two gates as {@code V^T h}. All layers' {@code V^T h} come from one matrix
 * product, computed once per image.
 *
 * <p>Deviations: the skip contribution of each layer comes from the same 1×1 convolution as its
 * residual (one operation instead of two); the paper does not fix the head's width.
 */
public final class GatedPixelCNN extends PixelModel {
    private final List<GatedLayer> layers;
    private final OutputHead head;
    private final Parameter condition;

    public GatedPixelCNN(ModelConfig config) {
        super(config);
        if (config.type() != ModelType.GATED) {
            throw new IllegalArgumentException("not a gated config: " + config.type());
        }
        int c = config.channels();
        int colours = config.imageChannels();
        List<GatedLayer> list = new ArrayList<>();
        for (int l = 0; l < config.layers(); l++) {
            boolean first = l == 0;
            GatedLayer layer =
                    new GatedLayer(
                            first ? colours : c,
                            c,
                            c,
                            first ? config.firstKernel() : config.kernel(),
                            first,
                            colours);
            list.add(addChildBlock("layer" + l, layer));
        }
        layers = Collections.unmodifiableList(list);
        head = addChildBlock("head", new OutputHead(c, config.headChannels(), config.levels(), colours));
        condition =
                config.isConditional()
                        ? addParameter(
                                Parameter.builder()
                                        .setName("condition")
                                        .setType(Parameter.Type.WEIGHT)
                                        .optShape(new Shape(4L * c * config.layers(), config.conditionSize()))
                                        .build())
                        : null;
    }

    public List<GatedLayer> layers() {
        return layers;
    }

    public OutputHead head() {
        return head;
    }

    /** V of eq. (4) for every layer and both stacks, (L·4C, K); null when unconditional. */
    public Parameter conditionParameter() {
        return condition;
    }

    /**
     * {@code V^T h} of every layer: (N, L, 4C, 1, 1), where the first 2C channels of each layer
     * feed the vertical gate and the last 2C the horizontal gate.
     */
    public NDArray conditionBiases(NDArray cond) {
        long n = cond.getShape().get(0);
        NDArray all = Linear.linear(cond, condition.getArray()).singletonOrThrow(); // (N, L·4C)
        return all.reshape(n, config.layers(), 4L * config.channels(), 1, 1);
    }

    @Override
    public NDArray logits(NDArray images, NDArray cond) {
        checkInputs(images, cond);
        NDArray x = scaleInput(images); // (N, C, H, W)
        NDArray biases = cond == null ? null : conditionBiases(cond); // (N, L, 4C, 1, 1)
        NDArray v = x;
        NDArray h = x;
        NDArray skip = null;
        for (int l = 0; l < layers.size(); l++) {
            NDArray condV = null;
            NDArray condH = null;
            if (biases != null) {
                NDList halves = biases.get(":, " + l).split(2, 1); // 2 × (N, 2C, 1, 1)
                condV = halves.get(0);
                condH = halves.get(1);
            }
            NDList out = layers.get(l).apply(v, h, condV, condH);
            v = out.get(0); // (N, C, H, W)
            h = out.get(1); // (N, C, H, W)
            skip = skip == null ? out.get(2) : skip.add(out.get(2)); // (N, C, H, W)
        }
        return head.apply(skip); // (N, levels, C, H, W)
    }
}

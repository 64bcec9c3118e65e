package io.github.pixelcnn.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.pixelcnn.model.GatedPixelCNN;
import io.github.pixelcnn.nn.GatedLayer;
import io.github.pixelcnn.nn.MaskedConv2d;
import java.util.ArrayList;
import java.util.List;

/**
 * A Gated PixelCNN's weights rearranged for one position at a time: masks applied once, the
 * horizontal {@code 1×(k/2+1)} kernels and all 1×1 convolutions as matrices that multiply a
 * batch of feature vectors (N, F) from the right, and the skip connections of all layers stacked
 * so that one product sums them.
 */
final class StepWeights {
    /**
     * One layer. {@code horizontal} is ((k/2+1)·Cin + 2C, 2C): the kernel's taps, rows ordered
     * tap-major to match the concatenated inputs of columns {@code x-k/2 … x}, then an identity
     * that adds the row's pre-activation from above in the same product; the kernel's bias lives
     * in {@code horizontalBias} (1, 2C, 1, 1) and joins that pre-activation once per row. {@code
     * residual} is (C [+ C] + 1, C): the output 1×1's residual rows, an identity for the residual
     * connection (all layers but the first) and the bias, applied to [gate | input | 1].
     */
    record Layer(
            int half,
            int verticalRows,
            NDArray vertical,
            NDArray verticalBias,
            NDArray link,
            NDArray linkBias,
            NDArray horizontal,
            NDArray horizontalBias,
            NDArray residual) {}

    private final List<Layer> layers = new ArrayList<>();
    private final DataType dataType;
    /** Skip weights of all layers stacked, (L·C, S), and the sum of their biases, (S). */
    private final NDArray skip;
    private final NDArray skipBias;
    private final HeadWeights head;

    StepWeights(GatedPixelCNN model, NDManager manager) {
        dataType = model.dataType();
        List<NDArray> skips = new ArrayList<>();
        NDArray biasSum = null;
        for (GatedLayer layer : model.layers()) {
            int c = layer.channels();
            MaskedConv2d h = layer.horizontal();
            int taps = h.kernelWidth();
            NDArray hw = h.maskedWeight(manager); // (2C, Cin, 1, taps)
            NDArray kernel = hw.reshape(2L * c, h.inChannels(), taps).transpose(2, 1, 0)
                    .reshape((long) taps * h.inChannels(), 2L * c); // (taps·Cin, 2C)
            NDArray horizontal = keep(kernel.concat(manager.eye(2 * c).toType(dataType, false), 0), manager);
            NDArray out = layer.output().maskedWeight(manager); // (C+S, C, 1, 1)
            NDArray outMatrix = keep(out.reshape(c + layer.skipChannels(), c).transpose(), manager); // (C, C+S)
            NDArray outBias = layer.output().biasParameter().getArray(); // (C+S)
            skips.add(keep(outMatrix.get(":, " + c + ":"), manager)); // (C, S)
            NDArray skipB = keep(outBias.get(c + ":"), manager); // (S)
            biasSum = biasSum == null ? skipB : keep(biasSum.add(skipB), manager);
            layers.add(new Layer(
                    taps - 1,
                    layer.vertical().kernelHeight(),
                    layer.vertical().maskedWeight(manager),
                    layer.vertical().biasParameter().getArray(),
                    layer.link().maskedWeight(manager),
                    layer.link().biasParameter().getArray(),
                    horizontal,
                    keep(h.biasParameter().getArray().reshape(1, 2L * c, 1, 1), manager),
                    residual(outMatrix, outBias, c, layer.isFirst(), manager)));
        }
        skip = keep(NDArrays.concat(new NDList(skips), 0), manager);
        skipBias = biasSum;
        head = new HeadWeights(model.head(), model.config().imageChannels(), model.config().levels(), manager);
    }

    Layer layer(int l) {
        return layers.get(l);
    }

    DataType dataType() {
        return dataType;
    }

    /**
     * The head for one colour: skip sum, ReLU, hidden 1×1, ReLU, logits 1×1.
     *
     * @param gates the gates of all layers at one position, (N, L·C)
     * @return logits of colour {@code ch}, (N, levels)
     */
    NDArray logits(NDArray gates, int ch) {
        NDArray skipSum = gates.matMul(skip).add(skipBias); // (N, S)
        return head.logits(skipSum, ch); // (N, levels)
    }

    /** [W_res; I; b] (C + C + 1, C), or [W_res; b] for the first layer, which has no residual connection. */
    private NDArray residual(NDArray outMatrix, NDArray outBias, int c, boolean first, NDManager manager) {
        NDList parts = new NDList(outMatrix.get(":, 0:" + c)); // (C, C)
        if (!first) {
            parts.add(manager.eye(c).toType(dataType, false)); // (C, C)
        }
        parts.add(outBias.get("0:" + c).reshape(1, c)); // (1, C)
        return keep(NDArrays.concat(parts, 0), manager);
    }

    private static NDArray keep(NDArray derived, NDManager manager) {
        return HeadWeights.keep(derived, manager);
    }
}

package io.github.pixelcnn.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.pixelcnn.model.GatedPixelCNN;
import io.github.pixelcnn.nn.GatedLayer;
import io.github.pixelcnn.nn.MaskedConv2d;
import io.github.pixelcnn.nn.Precision;
import java.util.ArrayList;
import java.util.List;

/**
 * A Gated PixelCNN's weights rearranged for one position at a time: masks applied once, the
 * horizontal {@code 1×(k/2+1)} kernels and all 1×1 convolutions as matrices that multiply a
 * batch of feature vectors (N, F) from the right, and the skip connections of all layers stacked
 * so that one product sums them.
 *
 * <p>The products run in the model's {@link Precision}: in bf16 the matrices are cast once here
 * and each product's left operand per step, and every bias and residual term is added in float
 * after the product, at the same points as in the full network's convolutions.
 */
final class StepWeights {
    /**
     * One layer. {@code horizontal} is ((k/2+1)·Cin, 2C): the kernel's taps, rows ordered
     * tap-major to match the concatenated inputs of columns {@code x-k/2 … x}; the kernel's bias
     * lives in {@code horizontalBias} (1, 2C, 1, 1) and joins the row's pre-activation from above
     * once per row. {@code residual} is (C, C), the output 1×1's residual rows, and {@code
     * residualBias} (C) their bias.
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
            NDArray residual,
            NDArray residualBias) {}

    private final List<Layer> layers = new ArrayList<>();
    private final DataType dataType;
    private final Precision precision;
    /** Skip weights of all layers stacked, (L·C, S), and the sum of their biases, (S). */
    private final NDArray skip;
    private final NDArray skipBias;
    private final HeadWeights head;

    StepWeights(GatedPixelCNN model, NDManager manager) {
        dataType = model.dataType();
        precision = model.precision();
        List<NDArray> skips = new ArrayList<>();
        NDArray biasSum = null;
        for (GatedLayer layer : model.layers()) {
            int c = layer.channels();
            MaskedConv2d h = layer.horizontal();
            int taps = h.kernelWidth();
            NDArray hw = h.maskedWeight(manager); // (2C, Cin, 1, taps)
            NDArray kernel = hw.reshape(2L * c, h.inChannels(), taps).transpose(2, 1, 0)
                    .reshape((long) taps * h.inChannels(), 2L * c); // (taps·Cin, 2C)
            NDArray horizontal = precision.weight(keep(kernel, manager)); // (taps·Cin, 2C)
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
                    precision.weight(keep(outMatrix.get(":, 0:" + c), manager)), // (C, C)
                    keep(outBias.get("0:" + c), manager))); // (C)
        }
        skip = precision.weight(keep(NDArrays.concat(new NDList(skips), 0), manager)); // (L·C, S)
        skipBias = biasSum;
        head = new HeadWeights(model.head(), model.config().imageChannels(), model.config().levels(), precision, manager);
    }

    Layer layer(int l) {
        return layers.get(l);
    }

    DataType dataType() {
        return dataType;
    }

    Precision precision() {
        return precision;
    }

    /**
     * The head for one colour: skip sum, ReLU, hidden 1×1, ReLU, logits 1×1.
     *
     * @param gates the gates of all layers at one position, (N, L·C)
     * @return logits of colour {@code ch}, (N, levels)
     */
    NDArray logits(NDArray gates, int ch) {
        NDArray skipSum = precision.matMul(gates, skip, skipBias); // (N, S)
        return head.logits(skipSum, ch); // (N, levels)
    }

    private static NDArray keep(NDArray derived, NDManager manager) {
        return HeadWeights.keep(derived, manager);
    }
}

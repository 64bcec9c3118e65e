package io.github.pixelcnn.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.pixelcnn.model.PixelCNN;
import io.github.pixelcnn.nn.MaskedConv2d;
import io.github.pixelcnn.nn.Precision;
import java.util.ArrayList;
import java.util.List;

/**
 * A masked PixelCNN's weights rearranged for one position at a time. A k×k kernel with its mask
 * applied is nonzero only on its open taps: the k/2 rows above the anchor and the anchor row up to
 * the anchor,
 *
 * <pre>
 *   taps 0 … k·(k/2)-1           1 1 1 1 1
 *   (rows above, raster order)   1 1 1 1 1
 *   then k/2+1 in the anchor row 1 1 *          (* the anchor, masked per colour group)
 * </pre>
 *
 * so the convolution at one position is the product of its input at those taps, concatenated
 * tap-major, with a (taps·Cin, Cout) matrix, plus the bias. The products run in the model's
 * {@link Precision} (matrices cast once here), and biases and residual sums are added in float
 * after each product, at the same points as in {@link PixelCNN#logits}.
 */
final class MaskedStepWeights {
    /**
     * A masked convolution at one position: its open taps as (taps·Cin, Cout) and its bias
     * (Cout).
     */
    record Taps(NDArray weight, NDArray bias) {}

    /**
     * One residual block: {@code spatial}, the k×k convolution, and {@code pointwise}, the 1×1
     * as (C, C) with its bias, which the block adds to its input: {@code x + W·ReLU(y) + b}.
     */
    record Block(Taps spatial, Taps pointwise) {}

    private final DataType dataType;
    private final Precision precision;
    private final int firstKernel;
    private final int kernel;
    private final Taps first;
    private final List<Block> blocks = new ArrayList<>();
    private final HeadWeights head;

    MaskedStepWeights(PixelCNN model, NDManager manager) {
        dataType = model.dataType();
        precision = model.precision();
        firstKernel = model.first().kernelHeight();
        kernel = model.config().kernel();
        first = taps(model.first(), manager);
        int c = model.config().channels();
        for (MaskedConv2d[] block : model.blocks()) {
            MaskedConv2d pw = block[1];
            NDArray w = HeadWeights.owned(pw.maskedWeight(manager), manager).reshape(c, c).transpose(); // (C, C)
            NDArray bias = HeadWeights.owned(pw.biasParameter().getArray(), manager); // (C)
            Taps pointwise = new Taps(precision.weight(HeadWeights.keep(w, manager)), bias);
            blocks.add(new Block(taps(block[0], manager), pointwise));
        }
        head = new HeadWeights(model.head(), model.config().imageChannels(), model.config().levels(), precision, manager);
    }

    /** The open taps of a k×k masked convolution anchored at its centre, (taps·Cin, Cout), and its bias. */
    private Taps taps(MaskedConv2d conv, NDManager manager) {
        int k = conv.kernelHeight();
        int half = k / 2;
        int in = conv.inChannels();
        int out = conv.outChannels();
        NDArray w = HeadWeights.owned(conv.maskedWeight(manager), manager); // (out, in, k, k)
        NDList parts = new NDList();
        if (half > 0) {
            parts.add(w.get(":, :, 0:" + half + ", :").transpose(2, 3, 1, 0)
                    .reshape((long) half * k * in, out)); // rows above: (half·k·in, out)
        }
        parts.add(w.get(":, :, " + half + ", 0:" + (half + 1)).transpose(2, 1, 0)
                .reshape((long) (half + 1) * in, out)); // anchor row: ((half+1)·in, out)
        NDArray matrix = HeadWeights.keep(NDArrays.concat(parts, 0), manager); // (taps·in, out)
        return new Taps(precision.weight(matrix), HeadWeights.owned(conv.biasParameter().getArray(), manager));
    }

    /** {@code window · taps + bias} in the model's precision: (N, taps·Cin) → (N, Cout) float. */
    NDArray apply(NDArray window, Taps taps) {
        return precision.matMul(window, taps.weight(), taps.bias()); // (N, Cout)
    }

    DataType dataType() {
        return dataType;
    }

    int firstKernel() {
        return firstKernel;
    }

    int kernel() {
        return kernel;
    }

    /** The first convolution, over (taps·colours) inputs. */
    Taps first() {
        return first;
    }

    Block block(int b) {
        return blocks.get(b);
    }

    int blockCount() {
        return blocks.size();
    }

    /** The head's logits of colour {@code ch} from the last block's output, (N, C) → (N, levels). */
    NDArray logits(NDArray features, int ch) {
        return head.logits(features, ch);
    }
}

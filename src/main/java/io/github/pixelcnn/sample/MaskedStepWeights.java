package io.github.pixelcnn.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.pixelcnn.model.PixelCNN;
import io.github.pixelcnn.nn.MaskedConv2d;
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
 * tap-major, with a ((taps·Cin + 1), Cout) matrix whose last row is the bias.
 */
final class MaskedStepWeights {
    /**
     * One residual block: {@code spatial} is the k×k convolution as ((taps·C + 1), C) and {@code
     * pointwise} is [W; I; b] ((C + C + 1), C), applied to [ReLU(y) | x | 1] so that one product
     * gives {@code x + W·ReLU(y) + b}, the block's residual output.
     */
    record Block(NDArray spatial, NDArray pointwise) {}

    private final DataType dataType;
    private final int firstKernel;
    private final int kernel;
    private final NDArray first;
    private final List<Block> blocks = new ArrayList<>();
    private final HeadWeights head;

    MaskedStepWeights(PixelCNN model, NDManager manager) {
        dataType = model.dataType();
        firstKernel = model.first().kernelHeight();
        kernel = model.config().kernel();
        first = taps(model.first(), manager);
        int c = model.config().channels();
        for (MaskedConv2d[] block : model.blocks()) {
            MaskedConv2d pw = block[1];
            NDArray w = HeadWeights.owned(pw.maskedWeight(manager), manager).reshape(c, c).transpose(); // (C, C)
            NDArray bias = HeadWeights.owned(pw.biasParameter().getArray(), manager).reshape(1, c); // (1, C)
            NDArray pointwise = NDArrays.concat(new NDList(w, manager.eye(c).toType(dataType, false), bias), 0);
            blocks.add(new Block(taps(block[0], manager), HeadWeights.keep(pointwise, manager))); // (2C+1, C)
        }
        head = new HeadWeights(model.head(), model.config().imageChannels(), model.config().levels(), manager);
    }

    /** The open taps of a k×k masked convolution anchored at its centre and its bias, ((taps·Cin + 1), Cout). */
    private static NDArray taps(MaskedConv2d conv, NDManager manager) {
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
        parts.add(HeadWeights.owned(conv.biasParameter().getArray(), manager).reshape(1, out)); // (1, out)
        return HeadWeights.keep(NDArrays.concat(parts, 0), manager);
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

    /** The first convolution as ((taps·colours + 1), C). */
    NDArray first() {
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

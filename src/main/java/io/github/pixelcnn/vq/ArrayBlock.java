package io.github.pixelcnn.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A VQ-VAE part that maps one array to one array: the code calls {@link #apply} directly, and
 * DJL's {@code forward} reaches the same method.
 */
abstract class ArrayBlock extends AbstractBlock {
    ArrayBlock(byte version) {
        super(version);
    }

    /** The part's output for x; joins x's manager. */
    abstract NDArray apply(NDArray x);

    @Override
    protected final NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(inputs.singletonOrThrow()));
    }
}

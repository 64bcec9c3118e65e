package io.github.pixelcnn.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * The gated activation unit of the paper's eq. (2) and (4): {@code tanh(f) ⊙ σ(g)}.
 *
 * <p>One convolution produces both halves, {@code f = W_f*x + V_f^T h} in the first {@code C}
 * channels and {@code g = W_g*x + V_g^T h} in the last {@code C}, so a layer runs one large
 * convolution instead of two. With colour groups ({@code c % 3}) and {@code C} divisible by 3,
 * channel {@code c} of both halves falls in the same group, so the product stays causal.
 */
public final class GatedActivation {
    private GatedActivation() {}

    /** (N, 2C, H, W) → (N, C, H, W). */
    public static NDArray apply(NDArray fg) {
        NDList halves = fg.split(2, 1); // 2 × (N, C, H, W)
        return halves.get(0).tanh().mul(halves.get(1).getNDArrayInternal().sigmoid());
    }
}

package io.github.pixelcnn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Making long-lived tensors from Java data safely. */
public final class Tensors {
    private Tensors() {}

    /**
     * A tensor that owns a copy of {@code data}. DJL 0.36 wraps Java data with {@code from_blob};
     * such a tensor gets NaN gradients when it is a parameter, so parameters and optimizer state
     * loaded from files are copied into native memory first.
     */
    public static NDArray copyOf(NDManager manager, float[] data, Shape shape) {
        try (NDArray wrapped = manager.create(data, shape)) {
            return wrapped.duplicate();
        }
    }
}

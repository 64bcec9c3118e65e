package io.github.pixelcnn.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;

/**
 * One mini-batch: the dataset indices it holds and copies of just their pixels and labels, so a
 * batch costs B images of memory however large the dataset. The arrays are owned by the batch
 * and must not be modified.
 */
public final class Batch {
    private final int[] indices;
    private final byte[] pixels;
    private final int[] labels;
    private final int channels;
    private final int height;
    private final int width;

    /** Gathers the images at {@code indices} from {@code data}. */
    Batch(ImageDataset data, int[] indices) {
        this.indices = indices;
        this.channels = data.channels();
        this.height = data.height();
        this.width = data.width();
        int stride = data.imageSize();
        byte[] source = data.pixels();
        this.pixels = new byte[indices.length * stride];
        this.labels = data.hasLabels() ? new int[indices.length] : null;
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(source, indices[k] * stride, pixels, k * stride, stride);
            if (labels != null) {
                labels[k] = data.label(indices[k]);
            }
        }
    }

    /** Number of images, B; the last batch of an epoch may be short. */
    public int size() {
        return indices.length;
    }

    /** Positions of the images in the dataset. */
    public int[] indices() {
        return indices;
    }

    /** The images as uint8 NCHW bytes. */
    public byte[] pixels() {
        return pixels;
    }

    /** The labels, or null when the dataset has none. */
    public int[] labels() {
        return labels;
    }

    /** The images as a uint8 array of shape (B, C, H, W), attached to {@code manager}. */
    public NDArray images(NDManager manager) {
        return manager.create(
                ByteBuffer.wrap(pixels),
                new Shape(indices.length, channels, height, width),
                DataType.UINT8); // (B, C, H, W)
    }

    /** Other pixels of this batch's shape, such as a perturbed copy, as (B, C, H, W) uint8. */
    public NDArray images(byte[] replacement, NDManager manager) {
        if (replacement.length != pixels.length) {
            throw new IllegalArgumentException("a batch of " + pixels.length + " bytes, got " + replacement.length);
        }
        return manager.create(ByteBuffer.wrap(replacement), new Shape(indices.length, channels, height, width),
                DataType.UINT8); // (B, C, H, W)
    }

    /** The labels as an int32 array of shape (B), or null when the dataset has none. */
    public NDArray labels(NDManager manager) {
        return labels == null ? null : manager.create(labels); // (B)
    }
}

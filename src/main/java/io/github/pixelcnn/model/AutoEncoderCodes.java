package io.github.pixelcnn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.pixelcnn.data.ImageDataset;
import java.nio.ByteBuffer;

/** The auto-encoder's code h of every image of a dataset (§3.4), computed in batches. */
public final class AutoEncoderCodes {
    private AutoEncoderCodes() {}

    /**
     * @param data images of the model's size
     * @return the codes, row-major (N·M)
     */
    public static float[] encode(PixelCnnAutoEncoder ae, ImageDataset data, int batch, NDManager manager) {
        if (batch < 1) {
            throw new io.github.pixelcnn.BadParameterException("batchSize", "must be at least 1, got " + batch);
        }
        int m = ae.config().bottleneck();
        int stride = data.imageSize();
        float[] out = new float[data.size() * m];
        for (int from = 0; from < data.size(); from += batch) {
            int n = Math.min(batch, data.size() - from);
            byte[] px = new byte[n * stride];
            System.arraycopy(data.pixels(), from * stride, px, 0, n * stride);
            try (NDManager step = manager.newSubManager()) {
                NDArray x = step.create(ByteBuffer.wrap(px),
                        new Shape(n, data.channels(), data.height(), data.width()), DataType.UINT8); // (N, C, H, W)
                float[] h = ae.encode(x).toType(DataType.FLOAT32, false).toFloatArray(); // (N·M)
                System.arraycopy(h, 0, out, from * m, n * m);
            }
        }
        return out;
    }
}

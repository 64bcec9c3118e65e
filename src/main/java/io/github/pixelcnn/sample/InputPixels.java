package io.github.pixelcnn.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import java.nio.ByteBuffer;

/**
 * The images being drawn, read as the network's first-layer input: the uint8 (N, C, H, W) buffer's
 * values at one position or one row, turned into features by the model's own {@link
 * PixelModel#features} (its learned embedding, or the scaled float of older models), so cached
 * steps see exactly the values a full forward pass sees.
 */
final class InputPixels {
    private final PixelModel model;
    private final byte[] images;
    private final int n;
    private final int colours;
    private final int plane;
    private final int dims;
    private final int width;
    private final long inputChannels;

    InputPixels(PixelModel model, byte[] images, int n) {
        ModelConfig cfg = model.config();
        this.model = model;
        this.images = images;
        this.n = n;
        this.colours = cfg.imageChannels();
        this.width = cfg.width();
        this.plane = cfg.height() * cfg.width();
        this.dims = cfg.dims();
        this.inputChannels = cfg.inputChannels();
    }

    /** The features at (y, x): (N, Cin), in {@code manager}. */
    NDArray at(int y, int x, NDManager manager) {
        byte[] values = new byte[n * colours];
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < colours; ch++) {
                values[i * colours + ch] = images[i * dims + ch * plane + y * width + x];
            }
        }
        NDArray levels = manager.create(ByteBuffer.wrap(values), new Shape(n, colours, 1, 1), DataType.UINT8);
        return model.features(levels).reshape(n, inputChannels); // (N, Cin)
    }

    /** The features of row y: (N, Cin, 1, W), in {@code manager}. */
    NDArray row(int y, NDManager manager) {
        byte[] values = new byte[n * colours * width];
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < colours; ch++) {
                System.arraycopy(images, i * dims + ch * plane + y * width, values, (i * colours + ch) * width, width);
            }
        }
        NDArray levels = manager.create(ByteBuffer.wrap(values), new Shape(n, colours, 1, width), DataType.UINT8);
        return model.features(levels); // (N, Cin, 1, W)
    }

    /**
     * The features at the taps {@code (rows[t], columns[t])}, zero where a tap lies outside the
     * image: (N, taps·Cin), tap-major, as the masked sampler's first matrix reads them.
     */
    NDArray taps(int[] rows, int[] columns, NDManager manager) {
        int taps = rows.length;
        byte[] values = new byte[n * colours * taps];
        float[] inside = new float[taps];
        boolean all = true;
        for (int t = 0; t < taps; t++) {
            boolean in = rows[t] >= 0 && columns[t] >= 0 && columns[t] < width;
            inside[t] = in ? 1f : 0f;
            all &= in;
            if (in) {
                for (int i = 0; i < n; i++) {
                    for (int ch = 0; ch < colours; ch++) {
                        values[(i * colours + ch) * taps + t] = images[i * dims + ch * plane + rows[t] * width + columns[t]];
                    }
                }
            }
        }
        NDArray levels = manager.create(ByteBuffer.wrap(values), new Shape(n, colours, 1, taps), DataType.UINT8);
        NDArray f = model.features(levels) // (N, Cin, 1, taps)
                .squeeze(2).transpose(0, 2, 1); // (N, taps, Cin)
        if (!all) { // near the borders only: zero the taps outside the image
            NDArray mask = manager.create(inside, new Shape(1, taps, 1)).toType(f.getDataType(), false); // (1, taps, 1)
            f = f.mul(mask);
        }
        return f.reshape(n, taps * inputChannels); // (N, taps·Cin)
    }
}

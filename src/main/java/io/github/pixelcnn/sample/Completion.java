package io.github.pixelcnn.sample;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.BadParameterException;
import io.github.pixelcnn.data.ImageDecoder;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * Image completion: K samples of every input with the pixels a mask keeps given, the rest drawn
 * in raster order. Kept pixels are never changed (the samplers write only unknown sub-pixels),
 * so a completion is conditioned on what lies above and to the left of each unknown pixel.
 */
public final class Completion {
    /** Gray level that marks unknown pixels in the occluded view. */
    public static final byte HIDDEN = (byte) 128;

    private final ModelConfig config;
    private final byte[] inputs;
    private final int count;
    private final boolean[] keep;
    private final int completions;

    /**
     * @param pixels the input images (N, C, H, W); the first {@code count} are completed
     * @param keep per pixel of one image (H·W), true where it is given
     */
    public Completion(ModelConfig config, byte[] pixels, int count, boolean[] keep, int completions) {
        this.config = config;
        this.inputs = pixels;
        this.count = count;
        this.keep = keep.clone();
        this.completions = completions;
    }

    /** The top {@code rows} rows kept, per pixel (H·W). */
    public static boolean[] keepRows(int rows, int height, int width) {
        if (rows < 0 || rows > height) {
            throw new BadParameterException("keepRows", "must be in 0.." + height + ", got " + rows);
        }
        boolean[] keep = new boolean[height * width];
        java.util.Arrays.fill(keep, 0, rows * width, true);
        return keep;
    }

    /**
     * A mask image of the model's size: non-black pixels are kept. A mask of another size is
     * refused from its header, before it is decoded ({@link ImageDecoder}).
     */
    public static boolean[] maskFromPng(Path png, int height, int width) {
        ImageDecoder.Header header = ImageDecoder.header(png);
        if (header.height() != height || header.width() != width) {
            throw new BadInputException(png + ": mask is " + header.width() + "x" + header.height()
                    + ", the model expects " + width + "x" + height);
        }
        BufferedImage image = ImageDecoder.read(png, ImageDecoder.Limit.exactly(height, width));
        boolean[] keep = new boolean[height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                keep[y * width + x] = (image.getRGB(x, y) & 0xffffff) != 0;
            }
        }
        return keep;
    }

    /**
     * Draws K completions of each input: (N·K, C, H, W), input-major.
     *
     * @param condition h of each input (its rows are repeated for its K completions), or none.
     *     For the auto-encoder pass the codes of {@link #occluded()}, so that the hidden pixels
     *     cannot shape the completion: {@code Condition.encode(ae, completion.occluded(), count, …)}.
     */
    public byte[] run(Sampler sampler, PixelModel model, Condition condition, float temperature, long seed,
            NDManager manager) {
        condition.requireFits(config, count);
        int dims = config.dims();
        int n = count * completions;
        byte[] images = new byte[n * dims];
        boolean[] known = new boolean[n * dims];
        int plane = config.height() * config.width();
        for (int i = 0; i < n; i++) {
            System.arraycopy(inputs, (i / completions) * dims, images, i * dims, dims);
            for (int c = 0; c < config.imageChannels(); c++) {
                System.arraycopy(keep, 0, known, i * dims + c * plane, plane);
            }
        }
        return sampler.complete(model, condition.repeat(completions), images, known, n, temperature, seed, manager);
    }

    /**
     * The inputs as the model may see them: kept pixels as given, hidden ones set to {@link #HIDDEN}
     * (N, C, H, W); what an auto-encoder encodes before completing.
     */
    public byte[] occluded() {
        int dims = config.dims();
        int plane = config.height() * config.width();
        byte[] out = new byte[count * dims];
        for (int i = 0; i < count * dims; i++) {
            out[i] = keep[(i % dims) % plane] ? inputs[i] : HIDDEN;
        }
        return out;
    }

    /** The number of inputs completed. */
    public int count() {
        return count;
    }

    /** The grid's images, one row per input: original, occluded, then its K completions. */
    public byte[] grid(byte[] completed) {
        int dims = config.dims();
        int cols = completions + 2;
        byte[] grid = new byte[count * cols * dims];
        byte[] hidden = occluded();
        for (int i = 0; i < count; i++) {
            int row = i * cols * dims;
            System.arraycopy(inputs, i * dims, grid, row, dims);
            System.arraycopy(hidden, i * dims, grid, row + dims, dims);
            System.arraycopy(completed, i * completions * dims, grid, row + 2 * dims, completions * dims);
        }
        return grid;
    }
}

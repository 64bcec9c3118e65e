package io.github.pixelcnn.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;

/**
 * The reference sampler: one full forward pass of the network per drawn sub-pixel, in the
 * {@link RasterLoop}. Slow (a 28×28 image costs 784 passes) but obviously right, so the cached
 * samplers are tested against it.
 *
 * <p>Draws come from Java (one {@link java.util.SplittableRandom}), since DJL 0.36 has no
 * multinomial sampler; the same seed gives the same images.
 */
public final class NaiveSampler implements Sampler {
    @Override
    public void fill(
            PixelModel net,
            NDArray h,
            byte[] images,
            boolean[] known,
            int n,
            float temperature,
            Uniforms uniforms,
            NDManager session,
            DrawListener listener) {
        RasterLoop.run(conditionals(net, h, images, n), net.config(), images, known, n, temperature, uniforms, session,
                listener);
    }

    /** The conditionals of one run over {@code images}, for {@link RasterLoop#run}. */
    static RasterLoop.Conditionals conditionals(PixelModel net, NDArray h, byte[] images, int n) {
        return new WholeNet(net, h, images, n);
    }

    /**
     * The conditionals from one forward pass of the whole network per drawn sub-pixel. Every
     * array of a step, h's copy included, lives in the step's manager: a model's operations on h
     * (V^T h, the map m(h)) join h's manager, so an h kept for the whole run would keep every
     * step's maps alive with it.
     */
    private static final class WholeNet implements RasterLoop.Conditionals {
        private final PixelModel net;
        private final float[] h;
        private final Shape hShape;
        private final byte[] images;
        private final Shape shape;

        WholeNet(PixelModel net, NDArray h, byte[] images, int n) {
            ModelConfig cfg = net.config();
            this.net = net;
            this.h = h == null ? null : h.toType(DataType.FLOAT32, false).toFloatArray();
            this.hShape = h == null ? null : h.getShape();
            this.images = images;
            this.shape = new Shape(n, cfg.imageChannels(), cfg.height(), cfg.width());
        }

        @Override
        public long valuesPerOp() {
            return shape.get(0) * (long) net.config().channels() * shape.get(2) * shape.get(3); // (N, C, H, W)
        }

        @Override
        public NDArray logits(int y, int x, int ch, boolean draw, NDManager row, NDManager step) {
            if (!draw) {
                return null;
            }
            NDArray batch = step.create(images, shape).toType(DataType.UINT8, false); // (N, C, H, W)
            NDArray cond = h == null ? null : step.create(h, hShape).toType(net.dataType(), false); // (N, K)
            NDArray logits = net.logits(batch, cond); // (N, levels, C, H, W)
            return logits.get(":, :, " + ch + ", " + y + ", " + x); // (N, levels)
        }
    }
}

package io.github.pixelcnn.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelCNN;
import io.github.pixelcnn.model.PixelModel;

/**
 * Sampling from the masked PixelCNN with cached activations, as Fast PixelCNN++ (Ramachandran et
 * al. 2017, arXiv 1704.06001) does for masked convolutions: every layer's output at a position is
 * computed once per image (once per colour for RGB), not once per sub-pixel.
 *
 * <p>Each layer's output at position p depends only on its input at the open taps of its masked
 * kernel ({@link MaskedStepWeights}), which all lie at p or before it in raster order. Positions
 * are visited in raster order, so when p is reached every layer's output at earlier positions is
 * final (it was computed once that position's pixel was complete, and later pixels cannot change
 * it), and the layers run at p alone, in depth order: layer l reads layer l-1 at p from the same
 * pass and its cached outputs at the earlier taps. One matrix product per convolution per
 * position; the cache holds each layer's ReLU'd output for the k/2+1 rows its successor reads.
 *
 * <p>The first layer reads the image itself, which is already in Java: its tap window is built
 * there. For RGB the position is recomputed after R and after G are drawn; the colour masks make
 * the features of a position independent of its own last sub-pixel, so the last colour's pass
 * leaves the features later positions read. {@code V^T h} is computed once per image.
 *
 * <p>The conditionals are those of {@link PixelCNN#logits} up to float rounding, and draws follow
 * the {@link RasterLoop}, so the images equal {@link NaiveSampler}'s for the same seed.
 */
public final class CachedMaskedSampler implements Sampler {

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
        if (!(net instanceof PixelCNN masked)) {
            throw new IllegalArgumentException("the cached masked sampler needs a PixelCNN, got " + net.config().type());
        }
        // On the caller's threads: libtorch's thread count is the process's, never changed here.
        RasterLoop.run(conditionals(masked, h, images, n, session), net.config(), images, known, n, temperature,
                uniforms, session, listener);
    }

    /** The cached conditionals of one run over {@code images}, for {@link RasterLoop#run}. */
    static RasterLoop.Conditionals conditionals(PixelCNN net, NDArray h, byte[] images, int n, NDManager session) {
        return new Run(net, images, n, h, session);
    }

    /** One sampling run's state: the weights as matrices, V^T h, and every layer's recent outputs. */
    private static final class Run implements RasterLoop.Conditionals {
        private final InputPixels pixels;
        private final int n;
        private final NDManager session;
        private final MaskedStepWeights weights;
        private final int layers;
        private final int colours;
        private final int height;
        private final int width;
        /** V^T h per layer, (N, C); null entries when unconditional. */
        private final NDArray[] cond;
        /** ReLU of layer l's output at (row, column), (N, C), kept while layer l+1 still reads it. */
        private final NDArray[][][] activations;
        /** (N, C) zeros for taps outside the image. */
        private final NDArray zeros;
        /** (N, C): the size of a step's arrays. */
        private final long valuesPerOp;

        Run(PixelCNN model, byte[] images, int n, NDArray h, NDManager session) {
            ModelConfig cfg = model.config();
            this.pixels = new InputPixels(model, images, n);
            this.n = n;
            this.session = session;
            this.weights = new MaskedStepWeights(model, session);
            this.layers = cfg.layers();
            this.colours = cfg.imageChannels();
            this.height = cfg.height();
            this.width = cfg.width();
            int c = cfg.channels();
            cond = new NDArray[layers];
            if (cfg.isConditional()) {
                NDArray local = session.create(h.toType(DataType.FLOAT32, false).toFloatArray(), h.getShape())
                        .toType(model.dataType(), false); // (N, K)
                NDArray biases = model.conditionBiases(local); // (N, L·C)
                for (int l = 0; l < layers; l++) {
                    cond[l] = biases.get(":, " + (l * c) + ":" + ((l + 1) * c)); // (N, C)
                }
            }
            activations = new NDArray[layers - 1][height][width];
            zeros = session.zeros(new Shape(n, c), model.dataType());
            valuesPerOp = (long) n * c;
        }

        @Override
        public long valuesPerOp() {
            return valuesPerOp;
        }

        /**
         * Every layer at (y, x) from the current image values, then the logits of colour ch; the
         * last colour's pass runs even when that colour is given, to leave the final features.
         */
        @Override
        public NDArray logits(int y, int x, int ch, boolean draw, NDManager row, NDManager step) {
            if (!draw && ch < colours - 1) {
                return null; // a later pass refreshes the features at x
            }
            NDArray features = position(y, x, step); // (N, C)
            return draw ? weights.logits(features, ch) : null; // (N, levels)
        }

        /** Frees the rows no later position reads. */
        @Override
        public void endRow(int y) {
            int oldest = y + 1 - weights.kernel() / 2;
            if (oldest - 1 >= 0 && oldest - 1 < height) {
                for (NDArray[][] layer : activations) {
                    NDArray[] rowArrays = layer[oldest - 1];
                    for (int x = 0; x < width; x++) {
                        if (rowArrays[x] != null) {
                            rowArrays[x].close();
                            rowArrays[x] = null;
                        }
                    }
                }
            }
        }

        /**
         * The last layer's output at (y, x), (N, C); stores every other layer's ReLU'd output there
         * for the positions that read it.
         */
        private NDArray position(int y, int x, NDManager step) {
            NDArray out = weights.apply(firstLayerWindow(y, x, step), weights.first()); // (N, C)
            if (cond[0] != null) {
                out = out.add(cond[0]);
            }
            for (int b = 0; b < weights.blockCount(); b++) {
                NDArray act = out.getNDArrayInternal().relu(); // (N, C)
                store(b, y, x, act);
                MaskedStepWeights.Block block = weights.block(b);
                NDArray spatial = weights.apply(window(b, y, x, step), block.spatial()); // (N, C)
                if (cond[b + 1] != null) {
                    spatial = spatial.add(cond[b + 1]);
                }
                out = out.add(weights.apply(spatial.getNDArrayInternal().relu(), block.pointwise())); // (N, C)
            }
            return out;
        }

        /** Layer {@code layer}'s ReLU'd output at (y, x) for the next layer's windows; replaces an earlier colour's pass. */
        private void store(int layer, int y, int x, NDArray act) {
            act.attach(session);
            NDArray old = activations[layer][y][x];
            activations[layer][y][x] = act;
            if (old != null) {
                old.close();
            }
        }

        /** Layer {@code layer}'s cached outputs at the open taps of the next k×k kernel at (y, x): (N, taps·C). */
        private NDArray window(int layer, int y, int x, NDManager step) {
            int k = weights.kernel();
            int half = k / 2;
            NDList taps = new NDList();
            for (int dy = 0; dy <= half; dy++) {
                int r = y - half + dy;
                int last = dy < half ? k : half + 1;
                for (int dx = 0; dx < last; dx++) {
                    int col = x - half + dx;
                    boolean inside = r >= 0 && col >= 0 && col < width;
                    taps.add(inside ? activations[layer][r][col] : zeros);
                }
            }
            return concat(taps, step);
        }

        /** The image's features at the open taps of the first kernel at (y, x), zero outside: (N, taps·Cin). */
        private NDArray firstLayerWindow(int y, int x, NDManager step) {
            int k = weights.firstKernel();
            int half = k / 2;
            int count = half * k + half + 1;
            int[] rows = new int[count];
            int[] columns = new int[count];
            int t = 0;
            for (int dy = 0; dy <= half; dy++) {
                int last = dy < half ? k : half + 1;
                for (int dx = 0; dx < last; dx++, t++) {
                    rows[t] = y - half + dy;
                    columns[t] = x - half + dx;
                }
            }
            return pixels.taps(rows, columns, step);
        }

        private static NDArray concat(NDList arrays, NDManager manager) {
            NDArray out = NDArrays.concat(arrays, 1);
            out.attach(manager);
            return out;
        }
    }
}

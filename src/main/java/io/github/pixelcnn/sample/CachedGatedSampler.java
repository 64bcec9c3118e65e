package io.github.pixelcnn.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.pixelcnn.model.GatedPixelCNN;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.nn.GatedActivation;
import io.github.pixelcnn.nn.MaskedConv2d;

/**
 * Sampling from the Gated PixelCNN with cached activations, after Fast PixelCNN++ (Ramachandran
 * et al. 2017, arXiv 1704.06001): every activation of the network is computed once per image
 * instead of once per sub-pixel, so a whole batch costs about one forward pass.
 *
 * <p><b>Vertical stack, once per row.</b> The vertical features at row {@code i} depend only on
 * input rows {@code < i} ({@link io.github.pixelcnn.nn.GatedLayer}), so when row {@code i}
 * begins, each layer computes its vertical convolution for that row alone from the last {@code
 * k/2+1} rows of its input ({@code k/2} for the first layer, which reads the image), the gated
 * vertical features (the next layer's input row) and the whole row's horizontal pre-activation
 * from above: {@code link(vConv) + bias + V^T h}.
 *
 * <p><b>Horizontal stack, once per position.</b> A pixel step runs each layer's {@code
 * 1×(k/2+1)} convolution as one matrix product over the layer's last {@code k/2+1} inputs in the
 * row, adds the row's pre-activation at that column, gates, and keeps the residual output as the
 * next layer's input. The skip contributions of all layers are summed by one matrix product over
 * the concatenated gates. For RGB the position is recomputed after R and after G are drawn; the
 * colour masks make the features of a position independent of its own last sub-pixel, so the
 * last pass also leaves the features later positions read.
 *
 * <p><b>Conditioning.</b> Whatever h is (a class's one-hot, a vector, an auto-encoder's code),
 * its terms are made once per image: {@code V^T h} (eq. 4) and the map {@code s = m(h)} (eq. 5).
 * Each row step projects row {@code i} of s through the 1×1 convolution V, so the vertical stack
 * adds its row of {@code V * s} and each position step its column of that row; the full
 * (N, L·4C, H, W) projection is never held.
 *
 * <p>The conditionals are those of {@link GatedPixelCNN#logits} up to float rounding, and draws
 * follow the {@link RasterLoop}, so the images equal {@link NaiveSampler}'s for the same seed.
 */
public final class CachedGatedSampler implements Sampler {

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
        if (!(net instanceof GatedPixelCNN gated)) {
            throw new IllegalArgumentException("the cached gated sampler needs a Gated PixelCNN, got "
                    + net.config().type());
        }
        RasterLoop.run(new Run(gated, images, n, h, session), net.config(), images, known, n, temperature, uniforms,
                session, listener);
    }

    /** The cached conditionals of one run over {@code images}, for {@link RasterLoop#run}. */
    static RasterLoop.Conditionals conditionals(GatedPixelCNN net, NDArray h, byte[] images, int n, NDManager session) {
        return new Run(net, images, n, h, session);
    }

    /** One sampling run's state: the weights as matrices, the conditioning terms, the row and position caches. */
    private static final class Run implements RasterLoop.Conditionals {
        private final ModelConfig cfg;
        private final InputPixels pixels;
        private final int n;
        private final NDManager session;
        private final StepWeights weights;
        private final int layers;
        private final int colours;
        private final int height;
        private final int width;
        /** V^T h of all layers, (N, L·4C, 1, 1); null without global conditioning. */
        private final NDArray biases;
        /** s = m(h), (N, S, H, W), made once; its rows go through the 1×1 projection V per row. Null without a map. */
        private final NDArray map;
        private final MaskedConv2d mapProjection;
        /** The current row's conditioning terms per layer, (N, 2C, 1, 1|W), for the vertical and horizontal gate. */
        private final NDArray[] condV;
        private final NDArray[] condH;
        /** Layer l's vertical input rows (N, Cin, 1, W), kept while a later row still reads them. */
        private final NDArray[][] verticalRows;
        /** Layer l's horizontal input at each column of the current row, (N, Cin). */
        private final NDArray[][] horizontalRow;
        /** Zeros for rows above the image (N, Cin, 1, W) and columns left of it (N, Cin), per layer. */
        private final NDArray[] zeroRow;
        private final NDArray[] zeroColumn;
        /** The horizontal pre-activation from above of the current row, per layer, (W, N, 2C). */
        private NDArray[] above;

        Run(GatedPixelCNN model, byte[] images, int n, NDArray h, NDManager session) {
            this.cfg = model.config();
            this.pixels = new InputPixels(model, images, n);
            this.n = n;
            this.session = session;
            this.weights = new StepWeights(model, session);
            this.layers = cfg.layers();
            this.colours = cfg.imageChannels();
            this.height = cfg.height();
            this.width = cfg.width();
            condV = new NDArray[layers];
            condH = new NDArray[layers];
            mapProjection = model.mapProjection();
            if (cfg.isConditional()) {
                // Both terms depend on h alone: made once per image, in a scope that frees m's inner layers.
                try (NDManager scope = session.newSubManager()) {
                    NDArray local = scope.create(h.toType(DataType.FLOAT32, false).toFloatArray(), h.getShape())
                            .toType(model.dataType(), false); // (N, K)
                    NDArray b = model.conditionBiases(local); // (N, L, 4C, 1, 1)
                    biases = b == null ? null : keep(b.reshape(n, 4L * layers * cfg.channels(), 1, 1), session);
                    NDArray s = model.conditionMap() == null ? null : model.conditionMap().apply(local);
                    map = s == null ? null : keep(s, session); // (N, S, H, W)
                }
                if (map == null) {
                    setConditionTerms(biases);
                }
            } else {
                biases = null;
                map = null;
            }
            verticalRows = new NDArray[layers][height];
            horizontalRow = new NDArray[layers][width];
            zeroRow = new NDArray[layers];
            zeroColumn = new NDArray[layers];
            for (int l = 0; l < layers; l++) {
                int in = l == 0 ? cfg.inputChannels() : cfg.channels();
                zeroRow[l] = session.zeros(new Shape(n, in, 1, width), model.dataType());
                zeroColumn[l] = session.zeros(new Shape(n, in), model.dataType());
            }
        }

        @Override
        public long valuesPerOp() {
            return (long) n * cfg.channels(); // (N, C)
        }

        /**
         * Splits every layer's terms (N, L·4C, 1, 1|W) into the vertical gate's first 2C channels
         * and the horizontal gate's last 2C.
         */
        private void setConditionTerms(NDArray terms) {
            long c2 = 2L * cfg.channels();
            for (int l = 0; l < layers; l++) {
                condV[l] = terms.get(":, " + (2 * l * c2) + ":" + ((2 * l + 1) * c2)); // (N, 2C, 1, 1|W)
                condH[l] = terms.get(":, " + ((2 * l + 1) * c2) + ":" + ((2 * l + 2) * c2)); // (N, 2C, 1, 1|W)
            }
        }

        /**
         * Row y's conditioning terms when h enters through a map: {@code V * s} on row y of s
         * (the 1×1 projection of the whole map, one row at a time), plus {@code V^T h} for the
         * form both, summed in the order the full network sums them.
         */
        private void mapRow(int y, NDManager row) {
            NDArray sRow = map.get(":, :, " + y + ":" + (y + 1) + ", :"); // (N, S, 1, W)
            sRow.attach(row);
            NDArray terms = mapProjection.apply(sRow); // (N, L·4C, 1, W)
            if (biases != null) {
                terms = terms.add(biases); // (N, L·4C, 1, W)
            }
            setConditionTerms(terms);
        }

        /**
         * The row step: the vertical stack over row y. It runs on the threads the caller's process
         * gave libtorch; the sampler never changes them, since libtorch's count is shared by every
         * sampler, scorer and request thread in the JVM (a server, a Spark executor).
         */
        @Override
        public void startRow(int y, NDManager row) {
            if (map != null) {
                mapRow(y, row);
            }
            above = verticalStep(y, row);
        }

        /**
         * Every layer's horizontal stack at (y, x) from the current image values, then the logits
         * of colour ch. For RGB the position is recomputed after R and after G are drawn; the
         * colour masks make the features of a position independent of its own last sub-pixel, so
         * the last colour's pass (made even when that colour is given) leaves the features later
         * positions read.
         */
        @Override
        public NDArray logits(int y, int x, int ch, boolean draw, NDManager row, NDManager step) {
            if (!draw && ch < colours - 1) {
                return null; // a later pass refreshes the features at x
            }
            NDArray gates = horizontalStep(y, x, above, row, step); // (N, L·C)
            return draw ? weights.logits(gates, ch) : null; // (N, levels)
        }

        /** The finished pixel at x, as later positions of the first layer read it. */
        @Override
        public void endPixel(int y, int x, NDManager row) {
            replace(0, x, pixelValues(y, x, row));
        }

        @Override
        public void endRow(int y) {
            verticalRows[0][y] = imageRow(y);
            forgetRowsAbove(y + 1);
        }

        /**
         * Row y of every layer's vertical stack; stores each layer's gated output as the next
         * layer's input row and returns the horizontal pre-activation from above per layer, (W, N, 2C).
         */
        private NDArray[] verticalStep(int y, NDManager row) {
            NDArray[] above = new NDArray[layers];
            for (int l = 0; l < layers; l++) {
                StepWeights.Layer lw = weights.layer(l);
                NDList window = new NDList();
                for (int t = 0; t < lw.verticalRows(); t++) {
                    int r = y - lw.half() + t;
                    window.add(r < 0 ? zeroRow[l] : verticalRows[l][r]);
                }
                NDArray rows = concat(window, 2, row); // (N, Cin, kh, W)
                NDArray vConv = weights.precision().stepConv2d(rows, lw.vertical(), lw.verticalBias(), new Shape(1, 1),
                        new Shape(0, lw.half())); // (N, 2C, 1, W)
                if (l + 1 < layers) {
                    NDArray vPre = condV[l] == null ? vConv : vConv.add(condV[l]); // (N, 2C, 1, W)
                    NDArray vOut = GatedActivation.apply(vPre); // (N, C, 1, W)
                    vOut.attach(session);
                    verticalRows[l + 1][y] = vOut;
                }
                NDArray fromAbove = weights.precision().stepConv2d(vConv, lw.link(), lw.linkBias(), new Shape(1, 1),
                        new Shape(0, 0)).add(lw.horizontalBias()); // (N, 2C, 1, W)
                if (condH[l] != null) {
                    fromAbove = fromAbove.add(condH[l]);
                }
                above[l] = fromAbove.squeeze(2).transpose(2, 0, 1); // (W, N, 2C)
            }
            return above;
        }

        /**
         * Every layer's horizontal stack at (y, x) from the current image values; stores the
         * residual outputs at x for later positions and returns the gates of all layers, (N, L·C).
         */
        private NDArray horizontalStep(int y, int x, NDArray[] above, NDManager row, NDManager step) {
            replace(0, x, pixelValues(y, x, row));
            NDList gates = new NDList(layers);
            for (int l = 0; l < layers; l++) {
                StepWeights.Layer lw = weights.layer(l);
                NDList window = new NDList();
                for (int t = 0; t <= lw.half(); t++) {
                    int c = x - lw.half() + t;
                    window.add(c < 0 ? zeroColumn[l] : horizontalRow[l][c]);
                }
                NDArray fromAbove = above[l].get(x); // (N, 2C)
                fromAbove.attach(step);
                NDArray hPre = weights.precision().matMul(concat(window, 1, step), lw.horizontal(), fromAbove); // (N, 2C)
                NDArray gate = GatedActivation.apply(hPre); // (N, C)
                gates.add(gate);
                if (l + 1 < layers) {
                    NDArray residual = weights.precision().matMul(gate, lw.residual(), lw.residualBias()); // (N, C)
                    if (l > 0) {
                        residual = residual.add(horizontalRow[l][x]); // (N, C): the residual connection
                    }
                    residual.attach(row);
                    replace(l + 1, x, residual);
                }
            }
            return concat(gates, 1, step); // (N, L·C)
        }

        private void replace(int layer, int x, NDArray value) {
            NDArray old = horizontalRow[layer][x];
            horizontalRow[layer][x] = value;
            if (old != null) {
                old.close();
            }
        }

        /** The first layer's horizontal input at (y, x): the image's features there, (N, Cin). */
        private NDArray pixelValues(int y, int x, NDManager row) {
            return pixels.at(y, x, row);
        }

        /** The first layer's vertical input for later rows: the features of image row y, (N, Cin, 1, W). */
        private NDArray imageRow(int y) {
            return pixels.row(y, session);
        }

        /** Frees vertical input rows that no row from {@code next} on reads. */
        private void forgetRowsAbove(int next) {
            for (int l = 0; l < layers; l++) {
                int oldest = next - weights.layer(l).half();
                for (int r = 0; r < Math.min(oldest, height); r++) {
                    if (verticalRows[l][r] != null) {
                        verticalRows[l][r].close();
                        verticalRows[l][r] = null;
                    }
                }
            }
        }

        /** Moves an array into {@code manager}, so that it lives as long as the run. */
        private static NDArray keep(NDArray array, NDManager manager) {
            array.attach(manager);
            return array;
        }

        /** Concatenates along an axis into {@code manager}; a single array passes through. */
        private static NDArray concat(NDList arrays, int axis, NDManager manager) {
            if (arrays.size() == 1) {
                return arrays.get(0);
            }
            NDArray out = NDArrays.concat(arrays, axis);
            out.attach(manager);
            return out;
        }
    }
}

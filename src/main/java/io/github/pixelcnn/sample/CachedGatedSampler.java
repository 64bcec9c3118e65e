package io.github.pixelcnn.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.jni.JniUtils;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.GatedPixelCNN;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.nn.GatedActivation;
import java.util.SplittableRandom;

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
 * <p><b>Conditioning.</b> {@code V^T h} is computed once per image.
 *
 * <p>The conditionals are those of {@link GatedPixelCNN#logits} up to float rounding, and draws
 * follow the {@link Sampler} order, so the images equal {@link NaiveSampler}'s for the same seed.
 */
public final class CachedGatedSampler implements Sampler {

    @Override
    public byte[] complete(
            PixelModel model,
            Condition condition,
            byte[] images,
            boolean[] known,
            int n,
            float temperature,
            long seed,
            NDManager manager) {
        NaiveSampler.checkArguments(model, condition, images, known, n, temperature);
        try (NDManager session = manager.newSubManager()) {
            fill(model.autoregressive(), condition.toArray(session), images, known, n, temperature, seed, session);
        }
        return images;
    }

    /**
     * The sampling core: {@code net} draws the unknown sub-pixels of {@code images} in place.
     *
     * @param h the condition as (N, K) float32, or null when {@code net} is unconditional
     * @param session a manager that lives for the whole run
     */
    void fill(
            PixelModel net,
            NDArray h,
            byte[] images,
            boolean[] known,
            int n,
            float temperature,
            long seed,
            NDManager session) {
        if (!(net instanceof GatedPixelCNN gated)) {
            throw new IllegalArgumentException("the cached sampler needs a Gated PixelCNN, got " + net.config().type());
        }
        new Run(gated, images, known, n, h, temperature, seed, session).fill();
    }

    /** One sampling run: the weights as matrices, the row and position caches, the draws. */
    private static final class Run {
        private final ModelConfig cfg;
        private final byte[] images;
        private final boolean[] known;
        private final int n;
        private final float temperature;
        private final SplittableRandom random;
        private final NDManager session;
        private final StepWeights weights;
        private final int layers;
        private final int colours;
        private final int height;
        private final int width;
        private final int plane;
        private final int dims;
        private final float scale;
        /** V^T h per layer for the vertical and horizontal gate, (N, 2C, 1, 1); null entries when unconditional. */
        private final NDArray[] condV;
        private final NDArray[] condH;
        /** Layer l's vertical input rows (N, Cin, 1, W), kept while a later row still reads them. */
        private final NDArray[][] verticalRows;
        /** Layer l's horizontal input at each column of the current row, (N, Cin). */
        private final NDArray[][] horizontalRow;
        /** Zeros for rows above the image (N, Cin, 1, W) and columns left of it (N, Cin), per layer. */
        private final NDArray[] zeroRow;
        private final NDArray[] zeroColumn;
        /** (N, 1) ones: the bias column of the residual product. */
        private final NDArray ones;
        /** Torch's intra-op threads for the row steps; the tiny per-position ops run on one. */
        private final int threads;

        Run(GatedPixelCNN model, byte[] images, boolean[] known, int n, NDArray h, float temperature,
                long seed, NDManager session) {
            this.cfg = model.config();
            this.images = images;
            this.known = known;
            this.n = n;
            this.temperature = temperature;
            this.random = new SplittableRandom(seed);
            this.session = session;
            this.weights = new StepWeights(model, session);
            this.layers = cfg.layers();
            this.colours = cfg.imageChannels();
            this.height = cfg.height();
            this.width = cfg.width();
            this.plane = height * width;
            this.dims = cfg.dims();
            this.scale = 2f / (cfg.levels() - 1);
            condV = new NDArray[layers];
            condH = new NDArray[layers];
            if (cfg.isConditional()) {
                NDArray biases = model.conditionBiases(h).toType(model.dataType(), false); // (N, L, 4C, 1, 1)
                long c2 = 2L * cfg.channels();
                for (int l = 0; l < layers; l++) {
                    condV[l] = biases.get(":, " + l + ", 0:" + c2); // (N, 2C, 1, 1)
                    condH[l] = biases.get(":, " + l + ", " + c2 + ":"); // (N, 2C, 1, 1)
                }
            }
            ones = session.ones(new Shape(n, 1), model.dataType());
            threads = JniUtils.getNumThreads();
            verticalRows = new NDArray[layers][height];
            horizontalRow = new NDArray[layers][width];
            zeroRow = new NDArray[layers];
            zeroColumn = new NDArray[layers];
            for (int l = 0; l < layers; l++) {
                int in = l == 0 ? colours : cfg.channels();
                zeroRow[l] = session.zeros(new Shape(n, in, 1, width), model.dataType());
                zeroColumn[l] = session.zeros(new Shape(n, in), model.dataType());
            }
        }

        /**
         * Samples row by row. The position steps run on one torch thread: their operations are so
         * small that synchronising threads costs more than it saves (many times more on a busy
         * machine); the row steps' convolutions keep the threads configured.
         */
        void fill() {
            try {
                for (int y = 0; y < height; y++) {
                    try (NDManager row = session.newSubManager()) {
                        JniUtils.setNumThreads(threads);
                        NDArray[] above = verticalStep(y, row);
                        JniUtils.setNumThreads(1);
                        for (int x = 0; x < width; x++) {
                            pixel(y, x, above, row);
                        }
                    }
                    verticalRows[0][y] = imageRow(y);
                    forgetRowsAbove(y + 1);
                }
            } finally {
                JniUtils.setNumThreads(threads);
            }
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
                NDArray vConv = Conv2d.conv2d(rows, lw.vertical(), lw.verticalBias(), new Shape(1, 1),
                        new Shape(0, lw.half()), new Shape(1, 1)).singletonOrThrow(); // (N, 2C, 1, W)
                if (l + 1 < layers) {
                    NDArray vPre = condV[l] == null ? vConv : vConv.add(condV[l]); // (N, 2C, 1, W)
                    NDArray vOut = GatedActivation.apply(vPre); // (N, C, 1, W)
                    vOut.attach(session);
                    verticalRows[l + 1][y] = vOut;
                }
                NDArray fromAbove = Conv2d.conv2d(vConv, lw.link(), lw.linkBias()).singletonOrThrow()
                        .add(lw.horizontalBias()); // (N, 2C, 1, W)
                if (condH[l] != null) {
                    fromAbove = fromAbove.add(condH[l]);
                }
                above[l] = fromAbove.squeeze(2).transpose(2, 0, 1); // (W, N, 2C)
            }
            return above;
        }

        /**
         * Draws the unknown sub-pixels of (y, x), R→G→B, leaving every layer's features and the
         * finished pixel at x behind for the positions to its right.
         */
        private void pixel(int y, int x, NDArray[] above, NDManager row) {
            for (int ch = 0; ch < colours; ch++) {
                int offset = ch * plane + y * width + x;
                boolean draw = known == null || !NaiveSampler.allKnown(known, n, dims, offset);
                if (!draw && ch < colours - 1) {
                    continue; // a later pass refreshes the features at x
                }
                float[] probs = null;
                try (NDManager step = row.newSubManager()) {
                    NDArray skipInput = horizontalStep(y, x, above, row, step); // (N, L·C)
                    if (draw) {
                        NDArray logits = weights.logits(skipInput, ch); // (N, levels)
                        probs = logits.div(temperature).softmax(1).toFloatArray(); // (N·levels)
                    }
                }
                if (draw) {
                    int levels = cfg.levels();
                    for (int i = 0; i < n; i++) {
                        int index = i * dims + offset;
                        if (known == null || !known[index]) {
                            images[index] = (byte) NaiveSampler.draw(probs, i * levels, levels, random);
                        }
                    }
                }
            }
            replace(0, x, pixelValues(y, x, row)); // the drawn pixel, as later positions read it
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
                window.add(fromAbove);
                NDArray hPre = concat(window, 1, step).matMul(lw.horizontal()); // (N, 2C)
                NDArray gate = GatedActivation.apply(hPre); // (N, C)
                gates.add(gate);
                if (l + 1 < layers) {
                    NDList parts = new NDList(gate);
                    if (l > 0) {
                        parts.add(horizontalRow[l][x]);
                    }
                    parts.add(ones);
                    NDArray residual = concat(parts, 1, step).matMul(lw.residual()); // (N, C)
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

        /** The scaled image at (y, x), (N, C): the first layer's horizontal input there. */
        private NDArray pixelValues(int y, int x, NDManager row) {
            float[] values = new float[n * colours];
            for (int i = 0; i < n; i++) {
                for (int ch = 0; ch < colours; ch++) {
                    values[i * colours + ch] = scaled(images[i * dims + ch * plane + y * width + x]);
                }
            }
            return row.create(values, new Shape(n, colours)).toType(weights.dataType(), false);
        }

        /** The scaled image row y, (N, C, 1, W): the first layer's vertical input for later rows. */
        private NDArray imageRow(int y) {
            float[] values = new float[n * colours * width];
            for (int i = 0; i < n; i++) {
                for (int ch = 0; ch < colours; ch++) {
                    for (int x = 0; x < width; x++) {
                        values[(i * colours + ch) * width + x] = scaled(images[i * dims + ch * plane + y * width + x]);
                    }
                }
            }
            return session.create(values, new Shape(n, colours, 1, width)).toType(weights.dataType(), false);
        }

        /** As {@link PixelModel}'s input scaling, in the same float operations: v·(2/(levels-1)) − 1. */
        private float scaled(byte value) {
            return (float) (value & 0xff) * scale - 1f;
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

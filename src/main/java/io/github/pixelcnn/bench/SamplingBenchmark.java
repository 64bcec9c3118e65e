package io.github.pixelcnn.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ConditioningForm;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.ModelType;
import io.github.pixelcnn.model.PixelCnnAutoEncoder;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.nn.Precision;
import io.github.pixelcnn.sample.NaiveSampler;
import io.github.pixelcnn.sample.Sampler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Sampling time of every model type and form of h, cached against naive, on freshly initialised
 * models (the time does not depend on the weights):
 *
 * <ul>
 *   <li>the Gated PixelCNN at the benchmark's architecture with h none, a class (global), a
 *       vector (global), a spatial map and both, {@link Benchmark#SAMPLE_IMAGES} images each;
 *   <li>the demo-sized auto-encoder's decoder (6 layers, 32 channels, head 128, M = 10, form
 *       both), {@link #GRID_IMAGES} images: a 6×4 reconstruction grid;
 *   <li>the masked PixelCNN with the benchmark's layers, channels and head.
 * </ul>
 *
 * The naive sampler costs one full forward pass per sub-pixel, so it is timed on the first rows
 * only (the rest marked known, which it skips) and scaled to the whole image.
 */
public final class SamplingBenchmark {
    /** Images of a 6×4 reconstruction grid. */
    public static final int GRID_IMAGES = 24;

    private static final int CLASSES = 10;
    private static final int VECTOR = 10;
    private static final int MAP_CHANNELS = 16;

    /**
     * One figure.
     *
     * @param name what was sampled
     * @param model the model's config
     * @param images images drawn per run
     * @param cachedS seconds for the cached sampler to draw them, all rows
     * @param naiveS seconds for the naive sampler, extrapolated from {@code naiveRowsTimed} rows
     * @param speedup naive over cached
     */
    public record Figure(
            String name, ModelConfig model, int images, double cachedS, double naiveS, int naiveRowsTimed,
            double speedup) {
        /** The figure of a run that did not time sampling ({@code bench --no-sampling}). */
        static final Figure NOT_RUN = new Figure("not run", null, 0, Double.NaN, Double.NaN, 0, Double.NaN);
    }

    private SamplingBenchmark() {}

    /**
     * @param base the Gated PixelCNN architecture the forms of h are timed at; its conditioning is
     *     replaced by each form's
     * @param naiveRows rows of each image the naive sampler is timed on
     */
    public static List<Figure> run(
            ModelConfig base, int naiveRows, long seed, Precision precision, NDManager manager,
            Consumer<String> progress) {
        ModelConfig plain = base.toBuilder().optType(ModelType.GATED).optConditioning(Conditioning.NONE, 0)
                .optForm(ConditioningForm.GLOBAL, 0).optBottleneck(0).build();
        ModelConfig vector = plain.toBuilder().optConditioning(Conditioning.VECTOR, VECTOR).build();
        List<Figure> out = new ArrayList<>();
        int n = Benchmark.SAMPLE_IMAGES;
        out.add(figure("gated, h none", plain, n, naiveRows, seed, precision, manager, progress));
        out.add(figure("gated, h class (global)", plain.toBuilder().optConditioning(Conditioning.CLASS, CLASSES).build(),
                n, naiveRows, seed, precision, manager, progress));
        out.add(figure("gated, h vector (global)", vector, n, naiveRows, seed, precision, manager, progress));
        out.add(figure("gated, h vector (spatial)",
                vector.toBuilder().optForm(ConditioningForm.SPATIAL, MAP_CHANNELS).build(), n, naiveRows, seed,
                precision, manager, progress));
        out.add(figure("gated, h vector (both)", vector.toBuilder().optForm(ConditioningForm.BOTH, MAP_CHANNELS).build(),
                n, naiveRows, seed, precision, manager, progress));
        out.add(figure("auto-encoder decoder (both), 6x4 grid", autoEncoder(base), GRID_IMAGES, naiveRows, seed,
                precision, manager, progress));
        out.add(figure("masked PixelCNN, h none", plain.toBuilder().optType(ModelType.PIXELCNN).build(), n, naiveRows,
                seed, precision, manager, progress));
        return out;
    }

    /**
     * The auto-encoder of the grid: the demo's size (6 layers, 32 channels, head 128) for
     * both presets, which are at least that wide; a smaller base (a test's tiny model) caps it, so
     * that its naive sampler does not cost the test suite a demo-sized model's minute.
     */
    static ModelConfig autoEncoder(ModelConfig base) {
        return ModelConfig.builder().setImage(base.imageChannels(), base.height(), base.width())
                .optLayers(Math.min(6, base.layers())).optChannels(Math.min(32, base.channels()))
                .optHeadChannels(Math.min(128, base.headChannels())).optAutoEncoder(VECTOR)
                .optForm(ConditioningForm.BOTH, MAP_CHANNELS).build();
    }

    private static Figure figure(String name, ModelConfig cfg, int n, int naiveRows, long seed, Precision precision,
            NDManager parent, Consumer<String> progress) {
        try (NDManager manager = parent.newSubManager()) {
            Engine.getInstance().setRandomSeed((int) seed);
            PixelModel model = PixelModel.create(cfg);
            model.initialize(manager);
            model.setPrecision(precision);
            PixelModel net = model instanceof PixelCnnAutoEncoder ae ? ae.decoder() : model;
            NDArray h = condition(net.config(), n, seed, manager);
            progress.accept("sampling " + name + ": cached, " + n + " images");
            double cached = seconds(Sampler.forModel(model), net, h, n, net.config().height(), seed, manager);
            int rows = Math.min(naiveRows, cfg.height());
            progress.accept("sampling " + name + ": naive, " + rows + " rows");
            double naive = seconds(new NaiveSampler(), net, h, n, rows, seed, manager);
            return new Figure(name, cfg, n, cached, naive, rows, naive / cached);
        }
    }

    /** h for n images: one-hot classes i mod K, or uniform vectors in [-1, 1); null when unconditional. */
    private static NDArray condition(ModelConfig cfg, int n, long seed, NDManager manager) {
        if (!cfg.isConditional()) {
            return null;
        }
        int k = cfg.conditionSize();
        float[] values = new float[n * k];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                values[i * k + j] = cfg.conditioning() == Conditioning.CLASS
                        ? (j == i % k ? 1f : 0f)
                        : (float) (random.nextDouble() * 2 - 1);
            }
        }
        return manager.create(values, new Shape(n, k)).toType(DataType.FLOAT32, false); // (N, K)
    }

    /**
     * Seconds for {@code sampler} to draw n images, from timing the first {@code rows} rows: the
     * rows below are marked known, which every sampler skips, and the time is scaled by height /
     * rows.
     */
    static double seconds(Sampler sampler, PixelModel net, NDArray h, int n, int rows, long seed,
            NDManager manager) {
        ModelConfig cfg = net.config();
        int timed = Math.min(rows, cfg.height());
        int plane = cfg.height() * cfg.width();
        boolean[] known = new boolean[n * cfg.dims()];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < cfg.imageChannels(); c++) {
                int from = i * cfg.dims() + c * plane + timed * cfg.width();
                Arrays.fill(known, from, i * cfg.dims() + (c + 1) * plane, true);
            }
        }
        long start = System.nanoTime();
        try (NDManager session = manager.newSubManager()) {
            sampler.fill(net, h, new byte[n * cfg.dims()], known, n, 1f, seed, session);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return seconds * cfg.height() / timed;
    }
}

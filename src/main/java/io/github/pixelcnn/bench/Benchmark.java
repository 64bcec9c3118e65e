package io.github.pixelcnn.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.github.pixelcnn.Machine;
import io.github.pixelcnn.NativeAllocator;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.Likelihood;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.nn.Precision;
import io.github.pixelcnn.train.Adam;
import io.github.pixelcnn.train.TrainingStep;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Throughput, sampling time, memory and efficiency of one model on the machine at hand.
 *
 * <p>Training steps are the trainer's own {@link TrainingStep} (forward, mean nats, backward, the
 * loss read back, the global gradient norm and a fused Adam update), each in its own sub-manager. The first
 * {@code warmup} steps are not timed (libtorch picks its convolution kernels and fills its caches
 * then); the next {@code steps} are. Images and labels are uniform random from the seed: the cost
 * of a step does not depend on the pixel values, and the benchmark needs no dataset.
 */
public final class Benchmark {
    /** Images the sampling figure is for. */
    public static final int SAMPLE_IMAGES = 16;

    private static final int MATMUL_SIZE = 2048;
    private static final int MATMUL_RUNS = 5;
    private static final int EVAL_WARMUP = 3;
    private static final int EVAL_MAX_BATCHES = 50;
    private static final int DISTINCT_BATCHES = 4;
    private static final float LEARNING_RATE = 1e-3f;

    /**
     * One run's settings.
     *
     * @param sampleRows rows of the sample that are timed; the rest is extrapolated
     * @param precision how every model of the run computes (training, evaluation, sampling)
     * @param sampling whether to time sampling (minutes at R, for the naive sampler); without it
     *     the sampling figures are NaN and the list empty
     */
    public record Settings(String name, ModelConfig model, int batch, int warmup, int steps, int sampleRows,
            long seed, Precision precision, boolean sampling) {}

    private Benchmark() {}

    /** The reference architecture R: 15 gated layers, 64 channels, head 512, unconditional. */
    public static ModelConfig reference() {
        return ModelConfig.reference();
    }

    /** The demo's model: 6 gated layers, 32 channels, head 128, conditioned on 10 classes. */
    public static ModelConfig small() {
        return ModelConfig.builder().setImage(1, 28, 28).optLayers(6).optChannels(32).optHeadChannels(128)
                .optConditioning(Conditioning.CLASS, 10).build();
    }

    /**
     * Runs every measurement in order: training, evaluation, sampling ({@link SamplingBenchmark}),
     * matmul peak.
     *
     * @param progress receives one line before each phase
     */
    public static BenchResult run(Settings s, NDManager parent, Consumer<String> progress) {
        double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        try (NDManager manager = parent.newSubManager()) {
            Engine.getInstance().setRandomSeed((int) s.seed());
            PixelModel model = PixelModel.create(s.model());
            model.initialize(manager);
            model.setPrecision(s.precision());
            Inputs inputs = new Inputs(s.model(), s.batch(), s.seed());

            progress.accept("training: " + s.warmup() + " warm-up + " + s.steps() + " timed steps");
            double stepSeconds;
            double lastLoss;
            double rssAfterWarmup;
            try (Adam adam = new Adam(model.namedParameters(), manager)) {
                TrainingStep step = new TrainingStep(model, adam, 0);
                for (int i = 0; i < s.warmup(); i++) {
                    trainStep(step, inputs, i, manager);
                }
                rssAfterWarmup = ProcessMemory.rssMiB();
                long start = System.nanoTime();
                lastLoss = Double.NaN;
                for (int i = 0; i < s.steps(); i++) {
                    lastLoss = trainStep(step, inputs, s.warmup() + i, manager);
                }
                stepSeconds = (System.nanoTime() - start) / 1e9 / s.steps();
            }
            double rssAfterTrain = ProcessMemory.rssMiB();

            int evalBatches = Math.min(Math.max(s.steps(), EVAL_WARMUP), EVAL_MAX_BATCHES);
            progress.accept("evaluation: " + evalBatches + " timed batches");
            double evalBatchSeconds = evalSeconds(model, inputs, evalBatches, manager);

            List<SamplingBenchmark.Figure> sampling = s.sampling()
                    ? SamplingBenchmark.run(s.model(), s.sampleRows(), s.seed(), s.precision(), manager, progress)
                    : List.of();
            // The preset's own architecture and h: the first figure (none) or the second (class).
            SamplingBenchmark.Figure own = sampling.isEmpty() ? SamplingBenchmark.Figure.NOT_RUN
                    : sampling.get(s.model().isConditional() ? 1 : 0);

            progress.accept("dense fp32 matmul " + MATMUL_SIZE + "x" + MATMUL_SIZE);
            double matmul = matmulGflops(manager);

            double flops = FlopCount.forwardPerImage(s.model());
            double trainImages = s.batch() / stepSeconds;
            double evalImages = s.batch() / evalBatchSeconds;
            double trainGflops = 3 * flops * trainImages / 1e9;
            double evalGflops = flops * evalImages / 1e9;
            BenchResult.Setup setup = new BenchResult.Setup(
                    s.name(), s.model(), model.parameterCount(), s.batch(), s.warmup(), s.steps(), evalBatches,
                    s.precision());
            return new BenchResult(
                    machine(loadAtStart),
                    setup,
                    trainImages,
                    stepSeconds,
                    Likelihood.natsPerDimToBits(lastLoss),
                    evalImages,
                    own.naiveS(),
                    own.naiveRowsTimed(),
                    own.cachedS(),
                    own.speedup(),
                    sampling,
                    flops / 1e9,
                    trainGflops,
                    evalGflops,
                    matmul,
                    trainGflops / matmul,
                    evalGflops / matmul,
                    rssAfterWarmup,
                    rssAfterTrain,
                    ProcessMemory.rssMiB(),
                    ProcessMemory.peakRssMiB(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** One step of the trainer's own {@link TrainingStep}; returns the loss in nats per sub-pixel. */
    private static double trainStep(TrainingStep step, Inputs inputs, int index, NDManager manager) {
        try (NDManager sub = manager.newSubManager()) {
            NDArray x = inputs.images(index, sub); // (B, C, H, W) uint8
            return step.apply(x, inputs.condition(index), LEARNING_RATE).loss();
        }
    }

    /** Seconds per evaluation batch: logits and nats per image without autograd, summed on the host. */
    private static double evalSeconds(PixelModel model, Inputs inputs, int batches, NDManager manager) {
        long start = 0;
        for (int i = -EVAL_WARMUP; i < batches; i++) {
            if (i == 0) {
                start = System.nanoTime();
            }
            try (NDManager step = manager.newSubManager()) {
                NDArray x = inputs.images(i + EVAL_WARMUP, step); // (B, C, H, W) uint8
                NDArray logits = model.logits(x, inputs.condition(i + EVAL_WARMUP));
                Likelihood.natsPerImage(logits, x).sum().getFloat();
            }
        }
        return (System.nanoTime() - start) / 1e9 / batches;
    }

    /** The median GFLOP/s of a dense fp32 2048×2048 matmul after one untimed run. */
    private static double matmulGflops(NDManager parent) {
        double[] rates = new double[MATMUL_RUNS];
        try (NDManager m = parent.newSubManager()) {
            NDArray a = m.randomUniform(-1, 1, new Shape(MATMUL_SIZE, MATMUL_SIZE)); // (n, n)
            NDArray b = m.randomUniform(-1, 1, new Shape(MATMUL_SIZE, MATMUL_SIZE)); // (n, n)
            a.matMul(b).close();
            double flops = 2.0 * MATMUL_SIZE * MATMUL_SIZE * MATMUL_SIZE;
            for (int i = 0; i < MATMUL_RUNS; i++) {
                long start = System.nanoTime();
                try (NDArray c = a.matMul(b)) { // (n, n); libtorch on CPU returns when done
                    rates[i] = flops / ((System.nanoTime() - start) / 1e9) / 1e9;
                }
            }
        }
        Arrays.sort(rates);
        return rates[MATMUL_RUNS / 2];
    }

    private static BenchResult.Machine machine(double loadAtStart) {
        return new BenchResult.Machine(
                Machine.cpuModel(),
                Precision.BF16.isNative(),
                Runtime.getRuntime().availableProcessors(),
                JniUtils.getNumThreads(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Engine.getDjlVersion(),
                Engine.getInstance().getVersion(),
                NativeAllocator.tunables(),
                loadAtStart);
    }

    /** A few distinct random batches, reused in turn so that input making costs nothing per step. */
    private static final class Inputs {
        private final byte[][] pixels;
        private final int[][] labels;
        private final Shape shape;
        private final int classes;

        Inputs(ModelConfig cfg, int batch, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            shape = new Shape(batch, cfg.imageChannels(), cfg.height(), cfg.width());
            classes = cfg.conditioning() == Conditioning.CLASS ? cfg.conditionSize() : 0;
            pixels = new byte[DISTINCT_BATCHES][batch * cfg.dims()];
            labels = new int[DISTINCT_BATCHES][batch];
            for (int b = 0; b < DISTINCT_BATCHES; b++) {
                for (int i = 0; i < pixels[b].length; i++) {
                    pixels[b][i] = (byte) random.nextInt(cfg.levels());
                }
                for (int i = 0; i < batch; i++) {
                    labels[b][i] = classes > 0 ? random.nextInt(classes) : 0;
                }
            }
        }

        NDArray images(int index, NDManager manager) {
            return manager.create(ByteBuffer.wrap(pixels[index % DISTINCT_BATCHES]), shape, DataType.UINT8);
        }

        Condition condition(int index) {
            return classes == 0 ? Condition.none() : Condition.classes(labels[index % DISTINCT_BATCHES], classes);
        }
    }
}

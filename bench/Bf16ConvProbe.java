/*
 * Does bf16 convolution pay on this CPU through DJL 0.36 / libtorch 2.7.1?
 *
 * Times forward and forward+backward of the reference model's convolution shapes (batch 32,
 * 28×28) in fp32 and in bf16, median of RUNS after WARMUP. Run it as its own process, since a
 * failing bf16 cast may abort the JVM; each stage is printed before it starts:
 *
 *   java -cp 'target/pixelcnn.jar:target/lib/*' -Dai.djl.pytorch.num_threads=2 bench/Bf16ConvProbe.java
 */
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.Locale;

public final class Bf16ConvProbe {
    private static final int WARMUP = 3;
    private static final int RUNS = 7;

    /** name, out, in, kh, kw, padded input height and width. */
    private record Layer(String name, int out, int in, int kh, int kw, int h, int w) {}

    private static final Layer[] LAYERS = {
        new Layer("vertical 2x3 64->128", 128, 64, 2, 3, 29, 30),
        new Layer("horizontal 1x2 64->128", 128, 64, 1, 2, 28, 29),
        new Layer("link 1x1 128->128", 128, 128, 1, 1, 28, 28),
        new Layer("head 1x1 64->512", 512, 64, 1, 1, 28, 28),
        new Layer("logits 1x1 512->256", 256, 512, 1, 1, 28, 28),
    };

    public static void main(String[] args) {
        stage("engine " + Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        try (NDManager m = NDManager.newBaseManager()) {
            for (Layer l : LAYERS) {
                double flops = 2.0 * l.out * l.in * l.kh * l.kw * 32 * (l.h - l.kh + 1) * (l.w - l.kw + 1);
                for (DataType type : new DataType[] {DataType.FLOAT32, DataType.BFLOAT16}) {
                    stage(l.name + " " + type + ": cast");
                    try (NDManager s = m.newSubManager()) {
                        NDArray x = s.randomUniform(-1, 1, new Shape(32, l.in, l.h, l.w)).toType(type, true);
                        NDArray w = s.randomUniform(-0.1f, 0.1f, new Shape(l.out, l.in, l.kh, l.kw)).toType(type, true);
                        NDArray b = s.zeros(new Shape(l.out)).toType(type, true);
                        stage(l.name + " " + type + ": forward");
                        double fwd = median(() -> {
                            try (NDManager t = s.newSubManager()) {
                                NDArray y = Conv2d.conv2d(x, w, b).singletonOrThrow();
                                y.attach(t);
                                y.sum().getFloat();
                            }
                        });
                        stage(l.name + " " + type + ": backward");
                        x.setRequiresGradient(true);
                        w.setRequiresGradient(true);
                        double both = median(() -> {
                            try (NDManager t = s.newSubManager();
                                    GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                                NDArray y = Conv2d.conv2d(x, w, b).singletonOrThrow();
                                y.attach(t);
                                NDArray loss = y.sum();
                                gc.backward(loss);
                                loss.getFloat();
                            }
                        });
                        System.out.printf(Locale.ROOT, "RESULT %-24s %-9s forward %7.2f ms %6.1f GFLOP/s  fwd+bwd %7.2f ms %6.1f GFLOP/s%n",
                                l.name, type, fwd * 1e3, flops / fwd / 1e9, both * 1e3, 3 * flops / both / 1e9);
                    }
                }
            }
            stage("matmul 2048 bf16");
            for (DataType type : new DataType[] {DataType.FLOAT32, DataType.BFLOAT16}) {
                NDArray a = m.randomUniform(-1, 1, new Shape(2048, 2048)).toType(type, true);
                NDArray c = m.randomUniform(-1, 1, new Shape(2048, 2048)).toType(type, true);
                double t = median(() -> a.matMul(c).close());
                System.out.printf(Locale.ROOT, "RESULT matmul 2048 %-9s %7.1f ms %6.1f GFLOP/s%n", type, t * 1e3,
                        2.0 * 2048 * 2048 * 2048 / t / 1e9);
            }
        }
        stage("done");
    }

    private static void stage(String s) {
        System.out.println("stage: " + s);
        System.out.flush();
    }

    private static double median(Runnable r) {
        for (int i = 0; i < WARMUP; i++) {
            r.run();
        }
        double[] t = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(t);
        return t[RUNS / 2];
    }
}

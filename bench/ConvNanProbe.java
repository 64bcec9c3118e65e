import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.Random;

/**
 * Does a lone float32 pad + 2x3 conv2d backward return non-finite gradients on this CPU? Counts
 * runs with NaN or infinity in the input and weight gradients, per channel count. Arguments:
 * runs, input source (native: made by libtorch; java: wrapped from a Java array), channel counts,
 * and optionally "sparse" for a one-hot loss seed (as the causality probe's) instead of sum(y²):
 *
 *   java -cp 'target/pixelcnn.jar:target/lib/*' -Dai.djl.offline=true bench/ConvNanProbe.java 50 native 1,8,12,16,20,32
 */
public final class ConvNanProbe {
    public static void main(String[] a) {
        int iters = Integer.parseInt(a[0]);
        String source = a[1]; // native | java
        int[] chans = Arrays.stream(a[2].split(",")).mapToInt(Integer::parseInt).toArray();
        boolean sparseSeed = a.length > 3 && a[3].equals("sparse");
        Random r = new Random(1);
        try (NDManager m = NDManager.newBaseManager()) {
            for (int c : chans) {
                int nanX = 0, nanW = 0;
                for (int it = 0; it < iters; it++) {
                    try (NDManager s = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray x;
                        if (source.equals("java")) {
                            float[] v = new float[8 * c * 28 * 28];
                            for (int i = 0; i < v.length; i++) v[i] = r.nextFloat() * 2 - 1;
                            x = s.create(v, new Shape(8, c, 28, 28));
                        } else {
                            x = s.randomUniform(-1, 1, new Shape(8, c, 28, 28));
                        }
                        NDArray w = s.randomUniform(-0.1f, 0.1f, new Shape(c, c, 2, 3));
                        x.setRequiresGradient(true);
                        w.setRequiresGradient(true);
                        NDArray xp = x.pad(new Shape(1, 1, 1, 0), 0);
                        NDArray y = Conv2d.conv2d(xp, w).singletonOrThrow();
                        NDArray loss;
                        if (sparseSeed) {
                            NDArray mask = s.zeros(y.getShape());
                            mask.set(new NDIndex("0,0,5,5"), 1f);
                            loss = y.mul(mask).sum();
                        } else {
                            loss = y.square().sum();
                        }
                        gc.backward(loss);
                        try (NDArray gx = x.getGradient(); NDArray gw = w.getGradient()) {
                            if (gx.isInfinite().logicalOr(gx.isNaN()).any().getBoolean()) nanX++;
                            if (gw.isNaN().logicalOr(gw.isInfinite()).any().getBoolean()) nanW++;
                        }
                    }
                }
                System.out.printf("channels %d source %s seed %s: non-finite input grads %d/%d, weight grads %d/%d%n",
                        c, source, sparseSeed ? "sparse" : "dense", nanX, iters, nanW, iters);
            }
        }
    }
}

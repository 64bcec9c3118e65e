package io.github.pixelcnn.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.Likelihood;
import io.github.pixelcnn.model.PixelModel;
import java.util.List;

/**
 * Compares the gradients a training step computes with float64 gradients of the same weights on
 * the same batch.
 *
 * <p>A skip count only sees gradients that are NaN or infinite; a kernel or lifetime fault can also
 * corrupt them into wrong finite values. A float64 twin of the model takes another code path in
 * libtorch (no oneDNN kernels, no reduced precision), so a relative error far above float32
 * rounding (about 1e-6 to 1e-4 here) points at corruption rather than at precision.
 */
public final class GradientCheck implements AutoCloseable {
    /**
     * One compared step.
     *
     * @param relativeError ‖g − g64‖ / ‖g64‖ over all parameters together
     * @param worstRelativeError the largest per-parameter relative error
     * @param worstParameter the parameter with that error
     * @param finite whether the model's own gradients were all finite
     */
    public record Comparison(double relativeError, double worstRelativeError, String worstParameter, boolean finite) {}

    private final PixelModel model;
    private final PixelModel twin;
    private final NDManager manager;

    /** Builds a float64 twin of {@code model} in a sub-manager of {@code parent}. */
    public GradientCheck(PixelModel model, NDManager parent) {
        this.model = model;
        this.manager = parent.newSubManager();
        this.twin = PixelModel.create(model.config());
        twin.initialize(manager, DataType.FLOAT64);
    }

    /**
     * Computes the model's loss gradients on one batch and those of its float64 twin, compares
     * them, and zeroes both, so the training step that follows starts from clean gradients.
     *
     * @param images (B, C, H, W) uint8, in the step's manager
     * @param condition h of the B images; each model makes it in its own floating-point type
     */
    public Comparison compare(NDArray images, Condition condition) {
        List<Pair<String, Parameter>> own = model.namedParameters();
        List<Pair<String, Parameter>> wide = twin.namedParameters();
        for (int i = 0; i < own.size(); i++) {
            NDArray w = wide.get(i).getValue().getArray();
            w.intern(own.get(i).getValue().getArray().toType(DataType.FLOAT64, true));
            w.setRequiresGradient(true);
        }
        backward(model, images, condition);
        backward(twin, images, condition);
        double diffSquares = 0;
        double normSquares = 0;
        double worst = 0;
        String worstName = "";
        boolean finite = true;
        try (NDManager scratch = images.getManager().newSubManager()) {
            for (int i = 0; i < own.size(); i++) {
                NDArray g = own.get(i).getValue().getArray().getGradient();
                NDArray g64 = wide.get(i).getValue().getArray().getGradient();
                g.attach(scratch);
                g64.attach(scratch);
                double[] sums = sumsOfSquares(g, g64);
                finite &= Double.isFinite(sums[0]);
                diffSquares += sums[0];
                normSquares += sums[1];
                double relative = Math.sqrt(sums[0]) / Math.max(Math.sqrt(sums[1]), Double.MIN_NORMAL);
                if (!(relative <= worst)) {
                    worst = relative;
                    worstName = own.get(i).getKey();
                }
            }
        }
        zero(own);
        zero(wide);
        double relative = Math.sqrt(diffSquares) / Math.max(Math.sqrt(normSquares), Double.MIN_NORMAL);
        return new Comparison(relative, worst, worstName, finite);
    }

    private static void backward(PixelModel net, NDArray images, Condition condition) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(Likelihood.meanNats(net.logits(images, condition), images));
        }
    }

    /** ‖g − g64‖² and ‖g64‖², both in float64. */
    private static double[] sumsOfSquares(NDArray g, NDArray g64) {
        NDArray wide = g.toType(DataType.FLOAT64, true);
        double diff = wide.sub(g64).square().sum().getDouble();
        double norm = g64.square().sum().getDouble();
        return new double[] {diff, norm};
    }

    private static void zero(List<Pair<String, Parameter>> parameters) {
        for (Pair<String, Parameter> p : parameters) {
            JniUtils.zeroGrad((PtNDArray) p.getValue().getArray());
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}

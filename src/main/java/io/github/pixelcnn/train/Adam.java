package io.github.pixelcnn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam (Kingma and Ba 2015) whose moments this class owns, so a checkpoint can store and restore
 * them exactly; DJL's own Adam keeps them private.
 *
 * <p>Each update is libtorch's fused Adam kernel, one native call per parameter, which also zeroes
 * the parameter's gradient: DJL's PyTorch engine does not zero gradients outside its Trainer.
 */
public final class Adam implements AutoCloseable {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final List<Pair<String, Parameter>> parameters;
    private final NDManager manager;
    private final float weightDecay;
    private final List<NDArray> means = new ArrayList<>();
    private final List<NDArray> variances = new ArrayList<>();
    private long steps;

    public Adam(List<Pair<String, Parameter>> parameters, NDManager parent) {
        this(parameters, parent, 0);
    }

    /**
     * @param weightDecay L2 coefficient λ: the kernel adds λ·w to each gradient (classic L2, not
     *     AdamW's decoupled decay), so the loss minimised is NLL + λ/2·||w||²
     */
    public Adam(List<Pair<String, Parameter>> parameters, NDManager parent, double weightDecay) {
        this.weightDecay = (float) weightDecay;
        this.parameters = List.copyOf(parameters);
        this.manager = parent.newSubManager();
        for (Pair<String, Parameter> p : parameters) {
            NDArray w = p.getValue().getArray();
            means.add(manager.zeros(w.getShape(), w.getDataType()));
            variances.add(manager.zeros(w.getShape(), w.getDataType()));
        }
    }

    public long steps() {
        return steps;
    }

    public List<NDArray> means() {
        return means;
    }

    public List<NDArray> variances() {
        return variances;
    }

    /** Restores the moments and step count of a checkpoint; shapes were checked by the caller. */
    public void restore(long restoredSteps, List<float[]> restoredMeans, List<float[]> restoredVariances) {
        for (int i = 0; i < means.size(); i++) {
            means.set(i, Tensors.copyOf(manager, restoredMeans.get(i), means.get(i).getShape()));
            variances.set(i, Tensors.copyOf(manager, restoredVariances.get(i), variances.get(i).getShape()));
        }
        this.steps = restoredSteps;
    }

    /** Applies one update with learning rate {@code lr} and zeroes the gradients. */
    public void step(float lr) {
        steps++;
        double correction = Math.sqrt(1 - Math.pow(BETA2, steps)) / (1 - Math.pow(BETA1, steps));
        float lrCorrected = (float) (lr * correction);
        for (int i = 0; i < parameters.size(); i++) {
            NDArray w = parameters.get(i).getValue().getArray();
            try (NDArray grad = w.getGradient()) {
                w.getNDArrayInternal()
                        .adamUpdate(
                                new NDList(w, grad, means.get(i), variances.get(i)),
                                new NDList(w),
                                lr,
                                lrCorrected,
                                weightDecay,
                                1f,
                                Float.MAX_VALUE,
                                BETA1,
                                BETA2,
                                EPSILON,
                                false,
                                false);
            }
        }
    }

    /** Zeroes every gradient without updating, for a step that is skipped. */
    public void zeroGradients() {
        for (Pair<String, Parameter> p : parameters) {
            // Not grad · 0: a NaN gradient would stay NaN.
            JniUtils.zeroGrad((PtNDArray) p.getValue().getArray());
        }
    }

    /**
     * The global L2 norm of all gradients, and rescales them to {@code maxNorm} when above it
     * ({@code maxNorm <= 0} only measures). A non-finite result means the step must be skipped.
     */
    public double gradientNorm(double maxNorm) {
        try (NDManager scratch = manager.newSubManager()) {
            List<NDArray> grads = new ArrayList<>();
            NDArray total = null;
            for (Pair<String, Parameter> p : parameters) {
                NDArray g = p.getValue().getArray().getGradient();
                // The handle belongs to the parameter's manager; move it here so that it, and
                // what is computed from it, is freed with this call instead of leaking per step.
                g.attach(scratch);
                grads.add(g);
                NDArray sq = g.square().sum(); // ()
                total = total == null ? sq : total.add(sq);
            }
            double norm = Math.sqrt(total.getFloat()); // one host sync for all parameters
            if (maxNorm > 0 && Double.isFinite(norm) && norm > maxNorm) {
                float scale = (float) (maxNorm / norm);
                for (NDArray g : grads) {
                    g.muli(scale); // in place: the gradient that Adam reads next
                }
            }
            return norm;
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}

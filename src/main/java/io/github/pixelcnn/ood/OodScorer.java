package io.github.pixelcnn.ood;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.ImageInput;
import io.github.pixelcnn.eval.Scorer;
import io.github.pixelcnn.model.ConditionSource;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.request.ConditionSpec;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * Scores images for out-of-distribution detection: the model's bits/dim, the background model's
 * (for the likelihood ratio) and the PNG complexity, in one call. This is the one implementation
 * behind {@code pixelcnn ood}, {@code score --background}, the web page and the Spark job.
 *
 * <p>Images come without labels, so a class model is scored by its marginal {@code p(x) = Σ_y p(y)
 * p(x|y)} with p(y) the training split's class frequencies (uniform for checkpoints that predate
 * them), in-distribution and candidate images alike; an auto-encoder by its own code; a
 * vector-conditional model is refused, since an arbitrary image has no vector.
 */
public final class OodScorer {
    private static final int CHUNK = 256;

    private final PixelModel model;
    private final double[] prior;
    private final PixelModel background;
    private final double[] backgroundPrior;
    private final int batch;
    private final boolean maps;

    private OodScorer(Builder b) {
        if (b.model == null) {
            throw new IllegalStateException("ood scorer: a model is required (setModel)");
        }
        this.model = b.model;
        this.prior = priorFor(b.model, b.prior, "model");
        this.background = b.background;
        this.backgroundPrior = b.background == null ? null : priorFor(b.background, b.backgroundPrior, "background model");
        if (b.background != null) {
            requireSameImages(b.model.config(), b.background.config());
        }
        if (b.batch < 1) {
            throw new BadInputException("batch must be at least 1, got " + b.batch);
        }
        this.batch = b.batch;
        this.maps = b.maps;
    }

    /** A builder: the model is required; no background, batches of 64 and no per-sub-pixel maps by default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Named construction, DJL style. */
    public static final class Builder {
        private PixelModel model;
        private double[] prior;
        private PixelModel background;
        private double[] backgroundPrior;
        private int batch = 64;
        private boolean maps;

        private Builder() {}

        /** The model, with p(y) of its training split when it is class-conditional (null: uniform). */
        public Builder setModel(PixelModel model, double[] classPrior) {
            this.model = model;
            this.prior = classPrior;
            return this;
        }

        /** The background model of the likelihood ratio, trained with {@link Perturbation}. */
        public Builder optBackground(PixelModel background, double[] classPrior) {
            this.background = background;
            this.backgroundPrior = classPrior;
            return this;
        }

        public Builder optBatch(int batch) {
            this.batch = batch;
            return this;
        }

        /** Keep {@code -log p} per sub-pixel of both models, for anomaly maps. */
        public Builder optMaps(boolean maps) {
            this.maps = maps;
            return this;
        }

        public OodScorer build() {
            return new OodScorer(this);
        }
    }

    /** Whether a background model was given, so the likelihood ratio is scored. */
    public boolean hasBackground() {
        return background != null;
    }

    /** The model whose likelihood is scored. */
    public ModelConfig config() {
        return model.config();
    }

    /**
     * Refuses, in one line, a background model for other images than the model's: the ratio of two
     * likelihoods is meaningful only over the same sub-pixels and levels.
     */
    public static void requireSameImages(ModelConfig model, ModelConfig background) {
        if (model.imageChannels() != background.imageChannels() || model.height() != background.height()
                || model.width() != background.width() || model.levels() != background.levels()) {
            throw new BadInputException(String.format(Locale.ROOT,
                    "background model: images %dx%dx%d with %d levels, the model's are %dx%dx%d with %d levels;"
                            + " train the background on the model's data (train --perturb)",
                    background.imageChannels(), background.height(), background.width(), background.levels(),
                    model.imageChannels(), model.height(), model.width(), model.levels()));
        }
    }

    /** Scores every image of {@code data}. */
    public OodScores score(ImageDataset data, NDManager manager) {
        return score(data, data.size(), manager, done -> {});
    }

    /**
     * Scores the first {@code count} images of {@code data}, telling {@code progress} how many are
     * done after each chunk.
     */
    public OodScores score(ImageDataset data, int count, NDManager manager, IntConsumer progress) {
        ModelConfig cfg = model.config();
        if (count < 1 || data.size() < 1) {
            throw new BadInputException(data.name() + ": no images to score");
        }
        ImageInput.requireSize(data, data.name(), cfg.imageChannels(), cfg.height(), cfg.width());
        int n = Math.min(count, data.size());
        int dims = cfg.dims();
        double[] bits = new double[n];
        double[] bgBits = background == null ? null : new double[n];
        double[] png = new double[n];
        float[] nats = maps ? new float[n * dims] : null;
        float[] bgNats = maps && background != null ? new float[n * dims] : null;
        for (int from = 0; from < n; from += CHUNK) {
            int m = Math.min(CHUNK, n - from);
            int first = from;
            int[] indices = new int[m];
            Arrays.setAll(indices, i -> first + i);
            ImageDataset part = data.subset(indices);
            Scorer.Scores s = Scorer.score(model, part, conditions(model, prior, part), m, batch, manager);
            System.arraycopy(s.bitsPerDim(), 0, bits, from, m);
            if (maps) {
                System.arraycopy(s.nats(), 0, nats, from * dims, m * dims);
            }
            if (background != null) {
                Scorer.Scores b = Scorer.score(background, part, conditions(background, backgroundPrior, part), m, batch,
                        manager);
                System.arraycopy(b.bitsPerDim(), 0, bgBits, from, m);
                if (maps) {
                    System.arraycopy(b.nats(), 0, bgNats, from * dims, m * dims);
                }
            }
            for (int i = 0; i < m; i++) {
                png[from + i] = Complexity.bitsPerDim(part.pixels(), i * dims, cfg.imageChannels(), cfg.height(),
                        cfg.width());
            }
            progress.accept(from + m);
        }
        return new OodScores(bits, bgBits, png, nats, bgNats);
    }

    /**
     * The background model's scores of the first {@code count} images, for a caller that scores
     * the model itself under another condition (such as {@code score} with labels): bits/dim and
     * per-sub-pixel nats, as {@link Scorer} gives them.
     */
    public static Scorer.Scores background(PixelModel background, double[] classPrior, ModelConfig model,
            ImageDataset data, int count, int batch, NDManager manager) {
        requireSameImages(model, background.config());
        double[] prior = priorFor(background, classPrior, "background model");
        return Scorer.score(background, data, conditions(background, prior, data), count, batch, manager);
    }

    /** Per sub-pixel, the model's nats minus the background's: the likelihood ratio's map, (N, C, H, W). */
    public static float[] ratioNats(float[] nats, float[] backgroundNats) {
        float[] r = new float[nats.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = nats[i] - backgroundNats[i];
        }
        return r;
    }

    private static ConditionSource conditions(PixelModel m, double[] prior, ImageDataset part) {
        // Unconditional models take none, the auto-encoder its own code, a class model the marginal.
        ConditionSpec spec = switch (Conditioning.of(m.config())) {
            case CLASS -> ConditionSpec.marginal();
            case CODE -> ConditionSpec.code();
            default -> ConditionSpec.none();
        };
        return spec.forImages(m, prior, part);
    }

    private static double[] priorFor(PixelModel m, double[] given, String which) {
        ModelConfig cfg = m.config();
        return switch (Conditioning.of(cfg)) {
            case CLASS -> ConditionSpec.prior(given, cfg.conditionSize()).clone();
            case NONE, CODE -> null;
            case VECTOR -> throw new BadInputException(which + ": a vector-conditional model needs a vector for every"
                    + " image, which out-of-distribution images do not have; use an unconditional, class or"
                    + " auto-encoder model");
        };
    }
}

package io.github.pixelcnn.repro;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ConditioningForm;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.ModelType;
import io.github.pixelcnn.model.PixelModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The models a reproduction trains and the comparisons it draws from them. The unconditional Gated
 * PixelCNN is trained once and serves every row: (a) against a masked PixelCNN of nearly its
 * parameter count, (b) against the class-conditional model, (c) against the auto-encoders with M =
 * 10 and 32 and a global or spatial code, whose decoder it is; with more than one noise seed it is
 * also trained with seed + 1, … to measure the spread.
 */
public record Plan(List<Entry> entries, List<Comparison> comparisons, List<String> noise) {
    /** The id of the unconditional Gated PixelCNN trained with the reproduction's own seed. */
    public static final String GATED = "gated-none";

    private static final int[] BOTTLENECKS = {10, 32};

    public Plan {
        entries = List.copyOf(entries);
        comparisons = List.copyOf(comparisons);
        noise = List.copyOf(noise);
    }

    /**
     * The plan for {@code config} on data with {@code classes} classes (0 for none); {@code manager}
     * builds throw-away models to count parameters for row (a).
     */
    public static Plan of(ReproConfig config, int classes, NDManager manager) {
        ModelConfig gated = config.gated();
        long seed = config.seed();
        List<Entry> entries = new ArrayList<>();
        List<Comparison> comparisons = new ArrayList<>();
        List<String> noise = new ArrayList<>();
        List<String> gatedRows = new ArrayList<>();
        for (Row r : Row.values()) {
            if (config.rows().contains(r)) {
                gatedRows.add(r.letter());
            }
        }
        if (config.noiseSeeds() > 1) {
            gatedRows.add("noise");
            noise.add(GATED);
        }
        entries.add(new Entry(GATED, "Gated PixelCNN", "none", gated, seed, gatedRows));
        if (config.rows().contains(Row.A)) {
            ModelConfig masked = maskedLike(gated, manager);
            entries.add(new Entry("masked-none", "masked PixelCNN", "none", masked, seed, List.of("a")));
            comparisons.add(new Comparison(Row.A, GATED, "masked-none"));
        }
        if (config.rows().contains(Row.B)) {
            ModelConfig cls = gated.toBuilder().optConditioning(Conditioning.CLASS, classes).build();
            entries.add(new Entry("gated-class", "Gated PixelCNN", "class", cls, seed, List.of("b")));
            comparisons.add(new Comparison(Row.B, "gated-class", GATED));
        }
        if (config.rows().contains(Row.C)) {
            for (int m : BOTTLENECKS) {
                for (ConditioningForm form : List.of(ConditioningForm.GLOBAL, ConditioningForm.SPATIAL)) {
                    String name = form.name().toLowerCase(Locale.ROOT);
                    ModelConfig ae = gated.toBuilder().optAutoEncoder(m)
                            .optForm(form, form.spatial() ? config.mapChannels() : 0).build();
                    String id = "ae-m" + m + "-" + name;
                    entries.add(new Entry(id, "PixelCNN auto-encoder", "code M=" + m + ", " + name, ae, seed,
                            List.of("c")));
                    comparisons.add(new Comparison(Row.C, id, GATED));
                }
            }
        }
        for (int k = 1; k < config.noiseSeeds(); k++) {
            String id = GATED + "-seed" + (seed + k);
            entries.add(new Entry(id, "Gated PixelCNN", "none", gated, seed + k, List.of("noise")));
            noise.add(id);
        }
        return new Plan(entries, comparisons, noise);
    }

    public Optional<Entry> entry(String id) {
        return entries.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /**
     * The masked PixelCNN with the gated model's depth, kernels, head and input whose channel count
     * (any, and a multiple of 3 for RGB, whose colour groups need it) brings its parameter count
     * nearest to the gated model's. Steps of one channel: with the input embedding the first 7×7
     * layer maps C channels to C, so the count grows by almost 4% per channel at the demo's size.
     */
    public static ModelConfig maskedLike(ModelConfig gated, NDManager manager) {
        long target = parameterCount(gated, manager);
        ModelConfig best = null;
        long bestGap = Long.MAX_VALUE;
        int step = gated.imageChannels();
        for (int channels = step; ; channels += step) {
            ModelConfig c = gated.toBuilder().optType(ModelType.PIXELCNN).optChannels(channels).build();
            long gap = parameterCount(c, manager) - target;
            if (Math.abs(gap) < bestGap) {
                best = c;
                bestGap = Math.abs(gap);
            }
            if (gap >= 0) {
                return best; // the count grows with the channels: nothing further is nearer
            }
        }
    }

    /** Parameters of a model of {@code config}, built and dropped in a sub-manager. */
    public static long parameterCount(ModelConfig config, NDManager manager) {
        try (NDManager sub = manager.newSubManager()) {
            PixelModel model = PixelModel.create(config);
            model.initialize(sub);
            return model.parameterCount();
        }
    }
}

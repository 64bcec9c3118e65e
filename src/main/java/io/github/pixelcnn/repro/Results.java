package io.github.pixelcnn.repro;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.pixelcnn.data.AtomicFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a reproduction measured: every model's figures, the seed-to-seed spread of the noise row,
 * and each comparison's verdict; written as {@code results.md}, {@code results.json} and {@code
 * curves.png}.
 *
 * @param config the reproduction's settings
 * @param data the training images' name
 * @param trainImages size of the training split
 * @param testImages size of the test split
 * @param command how it was asked for
 * @param cpu the CPU it ran on, its threads and the load average at the start and the end (the
 *     machine may be shared)
 * @param plan its models and comparisons
 * @param models one result per entry of the plan, in its order
 */
public record Results(ReproConfig config, String data, int trainImages, int testImages, String command, String cpu,
        Plan plan, List<ModelResult> models) {
    public static final String MARKDOWN = "results.md";
    public static final String JSON = "results.json";
    public static final String CURVES = "curves.png";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .disableHtmlEscaping().create();

    /** One comparison's outcome. {@code difference} is the baseline's test bits/dim minus the candidate's. */
    public record Verdict(String row, String claim, String candidate, String baseline, double difference, String verdict) {}

    public Results {
        models = List.copyOf(models);
    }

    public ModelResult model(String id) {
        return byId().get(id);
    }

    /** Largest minus smallest test bits/dim over the noise row's seeds; NaN with fewer than two. */
    public double noiseSpread() {
        if (plan.noise().size() < 2) {
            return Double.NaN;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (String id : plan.noise()) {
            double bpd = model(id).testBitsPerDim();
            lo = Math.min(lo, bpd);
            hi = Math.max(hi, bpd);
        }
        return hi - lo;
    }

    public List<Verdict> verdicts() {
        double spread = noiseSpread();
        List<Verdict> out = new ArrayList<>();
        for (Comparison c : plan.comparisons()) {
            double d = model(c.baseline()).testBitsPerDim() - model(c.candidate()).testBitsPerDim();
            long fewest = Math.min(model(c.baseline()).steps(), model(c.candidate()).steps());
            out.add(new Verdict(c.row().letter(), c.row().claim(), c.candidate(), c.baseline(), d,
                    Comparison.verdict(d, spread, fewest)));
        }
        return out;
    }

    /** Writes results.md, results.json and curves.png into {@code dir}, each atomically. */
    public void writeTo(Path dir) {
        String md = markdown();
        String json = GSON.toJson(json()) + "\n";
        AtomicFile.write(dir.resolve(MARKDOWN), out -> out.write(md.getBytes(StandardCharsets.UTF_8)));
        AtomicFile.write(dir.resolve(JSON), out -> out.write(json.getBytes(StandardCharsets.UTF_8)));
        CurvesChart.write(dir, this, dir.resolve(CURVES));
    }

    String markdown() {
        StringBuilder s = new StringBuilder();
        s.append("# Reproduction: the paper's comparisons at equal budgets\n\n");
        s.append("```\n").append(command).append("\n```\n\n");
        s.append(String.format(Locale.ROOT, "Every model trained for %s (%s, including the epoch-end"
                + " evaluation of %,d test images) with seed %d, batch %d and Adam"
                + " at learning rate %s, on %s; %,d training / %,d test images. Train bits/dim: the first %,d"
                + " training images; test bits/dim: all %,d test images. CPU: %s.%n%n",
                config.budget(), config.budgetInSteps() ? "optimizer steps" : "wall-clock time of its training session",
                Math.min(config.epochEvalImages(), testImages), config.seed(),
                config.batchSize(), trim(config.learningRate()), data, trainImages, testImages,
                Math.min(config.trainEvalImages(), trainImages), testImages, cpu));
        s.append("| rows | model | conditioning | parameters | steps | epochs | train bits/dim | test bits/dim |\n");
        s.append("|---|---|---|---:|---:|---:|---:|---:|\n");
        for (ModelResult m : models) {
            s.append(String.format(Locale.ROOT, "| %s | %s | %s | %,d | %,d | %.2f | %.4f | %.4f |%n",
                    String.join(", ", m.rows()), m.model(), m.conditioning() + (m.rows().contains("noise")
                            ? ", seed " + m.seed() : ""), m.parameters(), m.steps(), m.epochs(),
                    m.trainBitsPerDim(), m.testBitsPerDim()));
        }
        s.append('\n');
        ModelResult masked = model("masked-none");
        ModelResult gated = model(Plan.GATED);
        if (masked != null) {
            s.append(String.format(Locale.ROOT, "Row a's parameter counts: masked PixelCNN (%d layers, %d channels)"
                    + " %,d; Gated PixelCNN (%d layers, %d channels) %,d; the masked one has %+.1f%%.%n%n",
                    config.gated().layers(), plan.entry("masked-none").orElseThrow().config().channels(),
                    masked.parameters(), config.gated().layers(), config.gated().channels(), gated.parameters(),
                    100.0 * (masked.parameters() - gated.parameters()) / gated.parameters()));
        }
        double spread = noiseSpread();
        if (Double.isNaN(spread)) {
            s.append("**Noise**: not measured (one seed); the verdicts below do not know which differences count.\n\n");
        } else {
            s.append(String.format(Locale.ROOT, "**Noise**: the unconditional Gated PixelCNN with seeds %s: test"
                    + " bits/dim %s; spread %.4f. A difference no larger than the spread decides nothing (with %d"
                    + " seeds the spread is itself a rough figure).%n%n",
                    plan.noise().stream().map(id -> Long.toString(model(id).seed())).collect(Collectors.joining(", ")),
                    plan.noise().stream().map(id -> String.format(Locale.ROOT, "%.4f", model(id).testBitsPerDim()))
                            .collect(Collectors.joining(", ")), spread, plan.noise().size()));
        }
        s.append("| row | claim | better by the paper | baseline | baseline − better, test bits/dim | verdict |\n");
        s.append("|---|---|---|---|---:|---|\n");
        for (Verdict v : verdicts()) {
            s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %+.4f | %s |%n", v.row(), v.claim(),
                    describe(v.candidate()), describe(v.baseline()), v.difference(), v.verdict()));
        }
        s.append("\nLearning curves: `").append(CURVES).append("` (training bits/dim against training time, one"
                + " line per model; markers in its colour: test bits/dim at each epoch's end, on the test images"
                + " evaluated then, and at the end on all of them).\n");
        return s.toString();
    }

    private String describe(String id) {
        ModelResult m = model(id);
        return m.model() + " (" + m.conditioning() + ")";
    }

    private JsonObject json() {
        JsonObject root = new JsonObject();
        root.addProperty("command", command);
        root.addProperty("data", data);
        root.addProperty("trainImages", trainImages);
        root.addProperty("testImages", testImages);
        root.addProperty("cpu", cpu);
        JsonObject settings = GSON.toJsonTree(config).getAsJsonObject();
        root.add("settings", settings);
        root.add("models", GSON.toJsonTree(models));
        JsonObject noise = new JsonObject();
        JsonArray ids = new JsonArray();
        plan.noise().forEach(ids::add);
        noise.add("models", ids);
        double spread = noiseSpread();
        if (!Double.isNaN(spread)) {
            noise.addProperty("spread", spread);
        }
        root.add("noise", noise);
        root.add("comparisons", GSON.toJsonTree(verdicts()));
        return root;
    }

    private Map<String, ModelResult> byId() {
        return models.stream().collect(Collectors.toMap(ModelResult::id, Function.identity()));
    }

    /** 6.0 → "6", 0.002 → "0.002". */
    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String trim(float v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Float.toString(v);
    }
}

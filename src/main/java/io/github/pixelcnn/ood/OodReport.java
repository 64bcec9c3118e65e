package io.github.pixelcnn.ood;

import com.google.gson.GsonBuilder;
import io.github.pixelcnn.data.AtomicFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scores of an in-distribution reference set and of candidate sets, and how well each score
 * separates each candidate set from the reference: per-image CSV, a Markdown table, JSON.
 */
public final class OodReport {
    /** One scored set of images. */
    public record Set(String name, OodScores scores) {}

    private final Set reference;
    private final List<Set> candidates;
    private final List<OodScore> scores;

    public OodReport(Set reference, List<Set> candidates) {
        this.reference = reference;
        this.candidates = List.copyOf(candidates);
        List<OodScore> s = new ArrayList<>();
        for (OodScore score : OodScore.values()) {
            if (reference.scores().has(score)) {
                s.add(score);
            }
        }
        this.scores = List.copyOf(s);
    }

    public Set reference() {
        return reference;
    }

    public List<Set> candidates() {
        return candidates;
    }

    /** The scores computed: the ratio only with a background model. */
    public List<OodScore> scores() {
        return scores;
    }

    /** How well {@code score} separates {@code candidate} from the reference. */
    public Detection detection(Set candidate, OodScore score) {
        return Detection.of(reference.scores().of(score), candidate.scores().of(score));
    }

    /** Every image's scores: {@code set,index,bits_per_dim,background_bits_per_dim,png_bits_per_dim,...}. */
    public void writeCsv(Path csv) {
        StringBuilder text = new StringBuilder("set,in_distribution,index,bits_per_dim,background_bits_per_dim,png_bits_per_dim");
        for (OodScore s : scores) {
            if (s != OodScore.LIKELIHOOD) {
                text.append(',').append(s.column());
            }
        }
        text.append('\n');
        List<Set> all = new ArrayList<>();
        all.add(reference);
        all.addAll(candidates);
        for (Set set : all) {
            OodScores o = set.scores();
            for (int i = 0; i < o.size(); i++) {
                text.append(set.name()).append(',').append(set == reference ? 1 : 0).append(',').append(i);
                text.append(String.format(Locale.ROOT, ",%.6f,%s,%.6f", o.bitsPerDim()[i],
                        o.backgroundBitsPerDim() == null ? "" : String.format(Locale.ROOT, "%.6f",
                                o.backgroundBitsPerDim()[i]), o.pngBitsPerDim()[i]));
                for (OodScore s : scores) {
                    if (s != OodScore.LIKELIHOOD) {
                        text.append(String.format(Locale.ROOT, ",%.6f", o.of(s, i)));
                    }
                }
                text.append('\n');
            }
        }
        AtomicFile.write(csv, out -> out.write(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** The AUROC table (the raw likelihood first, so the gain shows), then AUPRC and FPR at 95% TPR. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "In-distribution: %s, %d images, mean %.4f bits/dim.%n%n", reference.name(),
                reference.scores().size(), mean(reference.scores().bitsPerDim())));
        md.append("AUROC (1 = perfect, 0.5 = chance, below 0.5 = ranked backwards):\n\n| set | images | mean bits/dim |");
        for (OodScore s : scores) {
            md.append(' ').append(s.title()).append(" |");
        }
        md.append("\n|---|---:|---:|").append("---:|".repeat(scores.size())).append('\n');
        for (Set c : candidates) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %.4f |", c.name(), c.scores().size(),
                    mean(c.scores().bitsPerDim())));
            for (OodScore s : scores) {
                md.append(String.format(Locale.ROOT, " %.4f |", detection(c, s).auroc()));
            }
            md.append('\n');
        }
        md.append("\nAUPRC (out-of-distribution images as positives) / FPR at 95% TPR:\n\n| set |");
        for (OodScore s : scores) {
            md.append(' ').append(s.title()).append(" |");
        }
        md.append("\n|---|").append("---:|".repeat(scores.size())).append('\n');
        for (Set c : candidates) {
            md.append("| ").append(c.name()).append(" |");
            for (OodScore s : scores) {
                Detection d = detection(c, s);
                md.append(String.format(Locale.ROOT, " %.4f / %.4f |", d.auprc(), d.fprAt95()));
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** The measures as JSON: {@code {reference: {...}, sets: {name: {images, scores: {column: {auroc, auprc, fpr_at_95_tpr}}}}}}. */
    public String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("reference", Map.of("name", reference.name(), "images", reference.scores().size(),
                "mean_bits_per_dim", mean(reference.scores().bitsPerDim())));
        Map<String, Object> sets = new LinkedHashMap<>();
        for (Set c : candidates) {
            Map<String, Object> per = new LinkedHashMap<>();
            for (OodScore s : scores) {
                Detection d = detection(c, s);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("auroc", d.auroc());
                m.put("auprc", d.auprc());
                m.put("fpr_at_95_tpr", d.fprAt95());
                per.put(s.column(), m);
            }
            Map<String, Object> set = new LinkedHashMap<>();
            set.put("images", c.scores().size());
            set.put("mean_bits_per_dim", mean(c.scores().bitsPerDim()));
            set.put("scores", per);
            sets.put(c.name(), set);
        }
        root.put("sets", sets);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n";
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x / v.length;
        }
        return s;
    }
}

package io.github.pixelcnn.ood;

import io.github.pixelcnn.BadInputException;

/**
 * The anomaly scores {@code pixelcnn ood} reports for every image, each in bits per sub-pixel and
 * each oriented the same way: higher means more anomalous.
 */
public enum OodScore {
    /** {@code -log2 p(x) / D}, the model's bits/dim: the raw likelihood, which Nalisnick et al. (2019) show can rank backwards. */
    LIKELIHOOD("bits_per_dim", "raw likelihood (bits/dim)"),
    /**
     * {@code -LLR(x) / (D ln 2) = bits/dim - background bits/dim}, the likelihood ratio of Ren et
     * al. (2019) against a background model trained on perturbed inputs.
     */
    RATIO("likelihood_ratio", "likelihood ratio (Ren et al. 2019)"),
    /** {@code S(x) / D = bits/dim - L(x)/D} with L(x) the PNG length: Serrà et al. (2020). */
    COMPLEXITY("complexity_score", "input complexity (Serrà et al. 2020)");

    private final String column;
    private final String title;

    OodScore(String column, String title) {
        this.column = column;
        this.title = title;
    }

    /** The CSV column and JSON key. */
    public String column() {
        return column;
    }

    /** What the score is, for tables and plots. */
    public String title() {
        return title;
    }

    /** The score named by its column ({@code likelihood_ratio}) or constant name, case-insensitive. */
    public static OodScore parse(String name) {
        for (OodScore s : values()) {
            if (s.column.equalsIgnoreCase(name) || s.name().equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new BadInputException("no score named " + name
                + "; the scores are bits_per_dim, likelihood_ratio and complexity_score");
    }
}

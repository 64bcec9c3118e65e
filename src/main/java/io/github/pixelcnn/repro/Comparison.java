package io.github.pixelcnn.repro;

import java.util.Locale;

/**
 * One claim of the paper as two models: {@code candidate} should reach lower test bits/dim than
 * {@code baseline}.
 *
 * @param row the comparison row
 * @param candidate the id of the model the paper says is better
 * @param baseline the id of the model it should beat
 */
public record Comparison(Row row, String candidate, String baseline) {
    /**
     * Below this many optimizer steps a model has barely left its initialisation, and a difference
     * says more about the first batches than about the architecture: no verdict is given.
     */
    public static final long MIN_STEPS = 200;

    /**
     * The comparison's verdict at a measured seed-to-seed spread of test bits/dim: a difference no
     * larger than the spread decides nothing, and neither do models trained fewer than {@value
     * #MIN_STEPS} steps. {@code spread} is NaN when no noise was measured.
     *
     * @param difference baseline minus candidate test bits/dim: positive agrees with the paper
     * @param fewestSteps the steps of the less trained of the two models
     */
    public static String verdict(double difference, double spread, long fewestSteps) {
        if (fewestSteps < MIN_STEPS) {
            return String.format(Locale.ROOT, "not decided: %,d steps, fewer than the %,d a verdict needs",
                    fewestSteps, MIN_STEPS);
        }
        if (Double.isNaN(spread)) {
            return (difference > 0 ? "agrees with the paper" : "contradicts the paper") + " (noise not measured)";
        }
        if (Math.abs(difference) <= spread) {
            return "not decided at this budget";
        }
        String times = spread > 0 ? String.format(Locale.ROOT, " (%.1f× the seed spread)", Math.abs(difference) / spread) : "";
        return (difference > 0 ? "agrees with the paper" : "contradicts the paper") + times;
    }
}

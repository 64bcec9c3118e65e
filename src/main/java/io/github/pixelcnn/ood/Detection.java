package io.github.pixelcnn.ood;

import io.github.pixelcnn.BadInputException;
import java.util.Arrays;

/**
 * How well a score separates out-of-distribution images (the positives) from in-distribution ones,
 * where a higher score means "more anomalous": the threshold-free measures of Hendrycks and
 * Gimpel (2017) that Ren et al. (2019) and Serrà et al. (2020) report.
 *
 * <p>Tied scores are one threshold: the ROC curve goes through a tie diagonally, so a tie between
 * an in- and an out-of-distribution image counts one half in the AUROC (the Mann-Whitney
 * statistic), and the precision of a tied group is that of the whole group.
 *
 * @param auroc area under the ROC curve: P(s_out > s_in) + ½ P(s_out = s_in); 0.5 is chance, below
 *     0.5 the score ranks the sets backwards
 * @param auprc average precision with the out-of-distribution images as positives, Σ (R_k − R_{k−1})
 *     P_k over the distinct thresholds (scikit-learn's {@code average_precision_score})
 * @param fprAt95 the fraction of in-distribution images flagged at the highest threshold that
 *     still flags at least 95% of the out-of-distribution ones
 */
public record Detection(double auroc, double auprc, double fprAt95) {
    /** TPR at which {@link #fprAt95} is read. */
    public static final double TPR = 0.95;

    /** The three measures for scores of in-distribution ({@code normal}) and out-of-distribution images. */
    public static Detection of(double[] normal, double[] anomalous) {
        Curve c = Curve.of(normal, anomalous);
        return new Detection(c.area(), c.averagePrecision(), c.fprAt(TPR));
    }

    /**
     * The ROC curve through every distinct threshold, from (0, 0) (nothing flagged) to (1, 1):
     * {@code fpr[k]}, {@code tpr[k]} and {@code precision[k]} when every image scoring at least
     * the k-th highest distinct score is flagged.
     */
    public record Curve(double[] fpr, double[] tpr, double[] precision) {
        public static Curve of(double[] normal, double[] anomalous) {
            if (normal.length == 0 || anomalous.length == 0) {
                throw new BadInputException("detection needs images of both sets: got " + normal.length
                        + " in-distribution and " + anomalous.length + " out-of-distribution");
            }
            double[] in = sortedDescending(normal, "in-distribution");
            double[] out = sortedDescending(anomalous, "out-of-distribution");
            int steps = in.length + out.length + 1;
            double[] fpr = new double[steps];
            double[] tpr = new double[steps];
            double[] precision = new double[steps];
            precision[0] = 1; // nothing flagged: the convention that makes the first recall step count fully
            int i = 0;
            int o = 0;
            int k = 1;
            while (i < in.length || o < out.length) {
                double t = Math.max(i < in.length ? in[i] : Double.NEGATIVE_INFINITY,
                        o < out.length ? out[o] : Double.NEGATIVE_INFINITY);
                while (i < in.length && in[i] == t) {
                    i++;
                }
                while (o < out.length && out[o] == t) {
                    o++;
                }
                fpr[k] = (double) i / in.length;
                tpr[k] = (double) o / out.length;
                precision[k] = (double) o / (i + o);
                k++;
            }
            return new Curve(Arrays.copyOf(fpr, k), Arrays.copyOf(tpr, k), Arrays.copyOf(precision, k));
        }

        /** The trapezoidal area: exact Mann-Whitney, ties counting one half. */
        public double area() {
            double a = 0;
            for (int k = 1; k < fpr.length; k++) {
                a += (fpr[k] - fpr[k - 1]) * (tpr[k] + tpr[k - 1]) / 2;
            }
            return a;
        }

        /** Σ (R_k − R_{k−1}) P_k: no interpolation between thresholds. */
        public double averagePrecision() {
            double ap = 0;
            for (int k = 1; k < tpr.length; k++) {
                ap += (tpr[k] - tpr[k - 1]) * precision[k];
            }
            return ap;
        }

        /** The false-positive rate at the first threshold (from the top) whose TPR reaches {@code target}. */
        public double fprAt(double target) {
            for (int k = 0; k < tpr.length; k++) {
                if (tpr[k] >= target - 1e-12) {
                    return fpr[k];
                }
            }
            return 1;
        }

        private static double[] sortedDescending(double[] scores, String which) {
            double[] s = scores.clone();
            for (double v : s) {
                if (Double.isNaN(v)) {
                    throw new BadInputException("a score of an " + which + " image is NaN; the model gave it no"
                            + " finite likelihood");
                }
            }
            Arrays.sort(s);
            for (int a = 0, b = s.length - 1; a < b; a++, b--) {
                double t = s[a];
                s[a] = s[b];
                s[b] = t;
            }
            return s;
        }
    }
}

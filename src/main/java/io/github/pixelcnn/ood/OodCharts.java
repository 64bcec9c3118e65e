package io.github.pixelcnn.ood;

import io.github.pixelcnn.data.AtomicFile;
import io.github.pixelcnn.data.ImageGrid;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** {@code roc.png} and {@code histogram.png}: one panel per score, side by side, one line per candidate set. */
public final class OodCharts {
    private static final Color[] PALETTE = {
        new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b),
        new Color(0xe377c2), new Color(0x17becf), new Color(0xbcbd22), new Color(0x7f7f7f)
    };
    private static final int PANEL = 460;
    private static final int BINS = 40;

    private OodCharts() {}

    /** ROC curves: false-positive rate (in-distribution flagged) against true-positive rate. */
    public static void roc(OodReport report, Path png) {
        List<BufferedImage> panels = new ArrayList<>();
        for (OodScore s : report.scores()) {
            XYChart chart = new XYChartBuilder().width(PANEL).height(PANEL).title(s.title())
                    .xAxisTitle("false-positive rate").yAxisTitle("true-positive rate").build();
            XYSeries chance = chart.addSeries("chance", new double[] {0, 1}, new double[] {0, 1});
            chance.setMarker(SeriesMarkers.NONE);
            chance.setLineColor(Color.LIGHT_GRAY);
            int k = 0;
            for (OodReport.Set c : report.candidates()) {
                Detection.Curve curve = Detection.Curve.of(report.reference().scores().of(s), c.scores().of(s));
                XYSeries line = chart.addSeries(String.format(Locale.ROOT, "%s %.3f", c.name(), curve.area()),
                        curve.fpr(), curve.tpr());
                line.setMarker(SeriesMarkers.NONE);
                line.setLineColor(PALETTE[k++ % PALETTE.length]);
            }
            style(chart);
            chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
            panels.add(BitmapEncoder.getBufferedImage(chart));
        }
        write(panels, png);
    }

    /** Histograms (as densities) of each score: the reference in black, each candidate set in its colour. */
    public static void histogram(OodReport report, Path png) {
        List<BufferedImage> panels = new ArrayList<>();
        for (OodScore s : report.scores()) {
            double[] ref = report.reference().scores().of(s);
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            List<double[]> sets = new ArrayList<>();
            sets.add(ref);
            for (OodReport.Set c : report.candidates()) {
                sets.add(c.scores().of(s));
            }
            for (double[] v : sets) {
                for (double x : v) {
                    if (Double.isFinite(x)) {
                        lo = Math.min(lo, x);
                        hi = Math.max(hi, x);
                    }
                }
            }
            if (!(hi > lo)) {
                hi = lo + 1;
            }
            XYChart chart = new XYChartBuilder().width(PANEL).height(PANEL).title(s.title())
                    .xAxisTitle("score (bits/dim; higher = more anomalous)").yAxisTitle("fraction of the set").build();
            for (int k = 0; k < sets.size(); k++) {
                String name = k == 0 ? report.reference().name() + " (in)" : report.candidates().get(k - 1).name();
                XYSeries line = addHistogram(chart, name, sets.get(k), lo, hi);
                line.setLineColor(k == 0 ? Color.BLACK : PALETTE[(k - 1) % PALETTE.length]);
            }
            style(chart);
            panels.add(BitmapEncoder.getBufferedImage(chart));
        }
        write(panels, png);
    }

    private static XYSeries addHistogram(XYChart chart, String name, double[] values, double lo, double hi) {
        double width = (hi - lo) / BINS;
        double[] count = new double[BINS];
        for (double v : values) {
            int b = (int) Math.min(BINS - 1, Math.max(0, Math.floor((v - lo) / width)));
            count[b] += 1.0 / values.length;
        }
        // A step outline: two points per bin.
        double[] x = new double[2 * BINS];
        double[] y = new double[2 * BINS];
        for (int b = 0; b < BINS; b++) {
            x[2 * b] = lo + b * width;
            x[2 * b + 1] = lo + (b + 1) * width;
            y[2 * b] = count[b];
            y[2 * b + 1] = count[b];
        }
        XYSeries line = chart.addSeries(name, x, y);
        line.setMarker(SeriesMarkers.NONE);
        return line;
    }

    private static void style(XYChart chart) {
        chart.getStyler().setChartBackgroundColor(Color.WHITE).setLegendBackgroundColor(new Color(255, 255, 255, 200));
    }

    private static void write(List<BufferedImage> panels, Path png) {
        BufferedImage all = new BufferedImage(PANEL * panels.size(), PANEL, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        try {
            for (int i = 0; i < panels.size(); i++) {
                g.drawImage(panels.get(i), i * PANEL, 0, null);
            }
        } finally {
            g.dispose();
        }
        AtomicFile.write(png, out -> ImageGrid.encodePng(all, out));
    }
}

package io.github.pixelcnn.repro;

import io.github.pixelcnn.data.AtomicFile;
import io.github.pixelcnn.data.ImageGrid;
import io.github.pixelcnn.train.MetricsLog;
import io.github.pixelcnn.train.RunDirectory;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code curves.png}: every model's learning curve on shared axes. The x axis is training time,
 * since the budget is wall-clock time and the models differ in speed; the line is bits/dim on the
 * training batches (means over 10 steps, as {@code metrics.csv} logs them: in the first epoch
 * every batch is new to the model); markers in the line's colour are test bits/dim: at each
 * epoch's end on the test images the run evaluates then, and at the line's end on the whole test
 * split.
 */
final class CurvesChart {
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf), new Color(0x7f7f7f), new Color(0xbcbd22)
    };
    /** Points logged before this fraction of the budget do not set the y range: the first steps start near 8 bits. */
    private static final double SKIP_FRACTION = 0.1;

    private CurvesChart() {}

    static void write(Path dir, Results results, Path png) {
        XYChart chart = new XYChartBuilder().width(1000).height(600)
                .title("Learning curves at " + results.config().budget() + " per model")
                .xAxisTitle("training time (s)")
                .yAxisTitle("bits/dim: lines training batches (10-step means), markers test")
                .build();
        double budget = results.models().stream().mapToDouble(ModelResult::trainSeconds).max().orElse(0);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int k = 0;
        for (ModelResult m : results.models()) {
            Color colour = PALETTE[k++ % PALETTE.length];
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Double> testX = new ArrayList<>();
            List<Double> testY = new ArrayList<>();
            for (double[] row : metrics(RunDirectory.of(dir.resolve(m.id())).metrics())) {
                if (!Double.isNaN(row[2]) && !Double.isNaN(row[3])) {
                    testX.add(row[3]);
                    testY.add(row[2]);
                }
                if (!Double.isNaN(row[1]) && !Double.isNaN(row[3])) {
                    x.add(row[3]);
                    y.add(row[1]);
                    if (row[3] >= SKIP_FRACTION * budget) {
                        hi = Math.max(hi, row[1]);
                        lo = Math.min(lo, row[1]);
                    }
                }
            }
            String name = m.id() + " (" + m.conditioning() + ")";
            if (!x.isEmpty()) {
                XYSeries line = chart.addSeries(name, x, y);
                line.setMarker(SeriesMarkers.NONE);
                line.setLineColor(colour);
            }
            testX.add(m.trainSeconds());
            testY.add(m.testBitsPerDim());
            XYSeries end = chart.addSeries(m.id() + String.format(Locale.ROOT, " test, last %.4f", m.testBitsPerDim()),
                    testX, testY);
            end.setMarker(SeriesMarkers.DIAMOND);
            end.setMarkerColor(colour);
            end.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            for (double t : testY) {
                hi = Math.max(hi, t);
                lo = Math.min(lo, t);
            }
        }
        if (hi > lo) {
            double pad = 0.05 * (hi - lo);
            chart.getStyler().setYAxisMin(lo - pad);
            chart.getStyler().setYAxisMax(hi + pad);
        }
        chart.getStyler().setXAxisMin(0.0);
        AtomicFile.write(png, out -> ImageGrid.encodePng(BitmapEncoder.getBufferedImage(chart), out));
    }

    private static List<double[]> metrics(Path csv) {
        if (!Files.isRegularFile(csv)) {
            return List.of();
        }
        try {
            return MetricsLog.read(csv);
        } catch (IOException e) {
            throw new UncheckedIOException(csv + ": " + e.getMessage(), e);
        }
    }
}

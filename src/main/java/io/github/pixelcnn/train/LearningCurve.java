package io.github.pixelcnn.train;

import io.github.pixelcnn.data.AtomicFile;
import io.github.pixelcnn.data.ImageGrid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** {@code curve.png}: train and test bits/dim against step, drawn with XChart. */
public final class LearningCurve {
    private LearningCurve() {}

    public static void write(Path metricsCsv, Path png) {
        List<double[]> rows;
        try {
            rows = MetricsLog.read(metricsCsv);
        } catch (IOException e) {
            throw new UncheckedIOException(metricsCsv + ": " + e.getMessage(), e);
        }
        List<Double> trainX = new ArrayList<>();
        List<Double> trainY = new ArrayList<>();
        List<Double> testX = new ArrayList<>();
        List<Double> testY = new ArrayList<>();
        for (double[] r : rows) {
            if (!Double.isNaN(r[1])) {
                trainX.add(r[0]);
                trainY.add(r[1]);
            }
            if (!Double.isNaN(r[2])) {
                testX.add(r[0]);
                testY.add(r[2]);
            }
        }
        if (trainX.isEmpty()) {
            return;
        }
        XYChart chart =
                new XYChartBuilder()
                        .width(800)
                        .height(500)
                        .title("Negative log-likelihood")
                        .xAxisTitle("step")
                        .yAxisTitle("bits/dim")
                        .build();
        chart.addSeries("train", trainX, trainY).setMarker(SeriesMarkers.NONE);
        if (!testX.isEmpty()) {
            chart.addSeries("test", testX, testY).setMarker(SeriesMarkers.CIRCLE);
        }
        AtomicFile.write(png, out -> ImageGrid.encodePng(BitmapEncoder.getBufferedImage(chart), out));
    }
}

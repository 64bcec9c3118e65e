package io.github.pixelcnn.cli;

import io.github.pixelcnn.train.TrainingListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The training progress bar, with train bits/dim and images/s. Its total is the run's last step
 * when steps or epochs decide the end, else the session's time budget in seconds, so both show a
 * real fraction and ETA.
 */
final class ProgressBarListener implements TrainingListener {
    private final double minutes;
    private long start;
    private boolean byTime;
    private ProgressBar bar;

    /** @param minutes the session's time budget, 0 when steps or epochs decide the end */
    ProgressBarListener(double minutes) {
        this.minutes = minutes;
    }

    @Override
    public void onStart(long firstStep, long plannedSteps) {
        start = System.nanoTime();
        byTime = plannedSteps < 0 && minutes > 0;
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName("train").setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(1000);
        bar = byTime
                ? b.setInitialMax(Math.round(minutes * 60)).setUnit(" s", 1).build()
                : b.setInitialMax(plannedSteps).startsFrom(firstStep, Duration.ZERO).build();
    }

    @Override
    public void onStep(long step, int epoch, double trainBitsPerDim, double imagesPerSecond) {
        bar.stepTo(byTime ? Math.min(bar.getMax(), (System.nanoTime() - start) / 1_000_000_000L) : step);
        bar.setExtraMessage(String.format(
                Locale.ROOT, "step %d  ep %d  %.3f bits/dim  %.1f img/s", step, epoch, trainBitsPerDim, imagesPerSecond));
    }

    @Override
    public void onEpochEnd(int epoch, long step, double testBitsPerDim) {
        bar.pause();
        System.out.printf(Locale.ROOT, "%nepoch %d done at step %d: test bits/dim %.4f%n", epoch, step, testBitsPerDim);
        bar.resume();
    }

    @Override
    public void onSkippedStep(long step, String reason) {
        System.err.printf(Locale.ROOT, "%nstep %d skipped: %s not finite%n", step, reason);
    }

    @Override
    public void onStopRequested(Path checkpoint) {
        System.err.printf(Locale.ROOT, "%nstopping: finishing the current step, then writing %s%n", checkpoint);
    }

    /** The bar's total: seconds when the time budget decides, else the last step. */
    long total() {
        return bar.getMax();
    }

    void close() {
        if (bar != null) {
            if (byTime) {
                bar.stepTo(Math.min(bar.getMax(), Math.round((System.nanoTime() - start) / 1e9)));
            }
            bar.close();
        }
    }
}

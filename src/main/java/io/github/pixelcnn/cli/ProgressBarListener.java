package io.github.pixelcnn.cli;

import io.github.pixelcnn.train.GradientCheck;
import io.github.pixelcnn.train.TrainingListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
    private long skipped;
    private final List<Double> checkErrors = new ArrayList<>();
    private GradientCheck.Comparison worstCheck;
    private long worstCheckStep;
    private int nonFiniteChecks;
    /** The shared-cores note for the end of the run, or null when the run had the cores to itself. */
    private String sharedCores;

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
        skipped++;
        System.err.printf(Locale.ROOT, "%nstep %d skipped: %s not finite%n", step, reason);
    }

    @Override
    public void onGradientCheck(long step, GradientCheck.Comparison comparison) {
        checkErrors.add(comparison.relativeError());
        if (!comparison.finite()) {
            nonFiniteChecks++;
        }
        if (worstCheck == null || !(comparison.relativeError() <= worstCheck.relativeError())) {
            worstCheck = comparison;
            worstCheckStep = step;
        }
    }

    @Override
    public void onSharedCores(double otherCores, int cores) {
        sharedCores = String.format(Locale.ROOT,
                "note: other processes kept %.1f of this machine's %d cores busy on average during this run, so it"
                        + " made fewer steps than the machine allows when idle (libtorch threads followed the free cores)",
                otherCores, cores);
    }

    /** Lines for the end of the run: skipped steps, shared cores, and the gradient check when one ran. */
    List<String> summary() {
        List<String> lines = new ArrayList<>();
        if (sharedCores != null) {
            lines.add(sharedCores);
        }
        lines.add(String.format(Locale.ROOT, "steps skipped for non-finite loss or gradients in this session: %d", skipped));
        if (worstCheck != null) {
            List<Double> sorted = new ArrayList<>(checkErrors);
            Collections.sort(sorted);
            lines.add(String.format(Locale.ROOT,
                    "gradient check: %d steps against float64, relative error median %.3g, max %.3g (step %d;"
                            + " worst parameter %s, %.3g); %d with non-finite gradients",
                    sorted.size(), sorted.get(sorted.size() / 2), worstCheck.relativeError(), worstCheckStep,
                    worstCheck.worstParameter(), worstCheck.worstRelativeError(), nonFiniteChecks));
        }
        return lines;
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

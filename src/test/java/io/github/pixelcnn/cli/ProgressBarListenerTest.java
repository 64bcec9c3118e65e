package io.github.pixelcnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bar has a real total: the time budget in seconds for {@code --minutes}, else the last step. */
class ProgressBarListenerTest {
    @Test
    void aTimeBudgetIsTheBarsTotalInSeconds() {
        ProgressBarListener bar = new ProgressBarListener(2.5);
        bar.onStart(0, -1);
        try {
            assertThat(bar.total()).isEqualTo(150);
        } finally {
            bar.close();
        }
    }

    @Test
    void stepsOrEpochsMakeTheLastStepTheTotal() {
        for (double minutes : new double[] {0, 2.5}) {
            ProgressBarListener bar = new ProgressBarListener(minutes);
            bar.onStart(20, 60);
            try {
                assertThat(bar.total()).as("minutes %s", minutes).isEqualTo(60);
            } finally {
                bar.close();
            }
        }
    }
}

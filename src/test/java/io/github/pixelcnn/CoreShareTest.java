package io.github.pixelcnn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The thread count follows the cores other processes leave free, from scripted samples (no clock, no /proc). */
class CoreShareTest {
    private static final long S = 1_000_000_000L;

    /** Samples 2 s apart in which other processes use the given cores (of 2) and this one the rest. */
    private static Deque<CoreShare.Sample> script(double... others) {
        Deque<CoreShare.Sample> samples = new ArrayDeque<>();
        long busy = 0;
        long own = 0;
        samples.add(new CoreShare.Sample(0, busy, own));
        for (int i = 0; i < others.length; i++) {
            long otherTicks = Math.round(others[i] * 2 * 100);
            long ownTicks = Math.round((2 - others[i]) * 2 * 100);
            busy += otherTicks + ownTicks;
            own += ownTicks;
            samples.add(new CoreShare.Sample((i + 1) * 2 * S, busy, own));
        }
        return samples;
    }

    /** A share reading {@code samples} in turn, whose clock stands at the next sample's time. */
    private static CoreShare share(int max, int cores, Deque<CoreShare.Sample> samples, List<Integer> set) {
        return new CoreShare(max, cores, 100, samples::poll,
                () -> samples.isEmpty() ? Long.MAX_VALUE : samples.peek().wallNanos(), set::add);
    }

    @Test
    void aloneKeepsEveryThreadAndABusyMachineGetsFewer() {
        List<Integer> set = new ArrayList<>();
        CoreShare share = share(2, 2, script(0.0, 0.1, 1.9, 1.0, 0.45, 0.0), set);
        share.poll(); // the first sample only starts the count
        share.poll(); // others 0.0
        assertThat(share.threads()).isEqualTo(2);
        share.poll(); // 0.1: still free
        assertThat(share.threads()).isEqualTo(2);
        share.poll(); // 1.9: another job on both cores
        assertThat(share.threads()).isEqualTo(1);
        share.poll(); // 1.0
        assertThat(share.threads()).isEqualTo(1);
        share.poll(); // 0.45 rounds to a free second core
        assertThat(share.threads()).isEqualTo(2);
        share.poll(); // 0.0
        assertThat(set).as("only changes are applied").containsExactly(1, 2);
        assertThat(share.meanOtherCores()).isCloseTo((0.0 + 0.1 + 1.9 + 1.0 + 0.45 + 0.0) / 6, org.assertj.core.data.Offset.offset(1e-9));
    }

    /** A server's job sets its own thread's count every time: another pool thread may have computed under another share. */
    @Test
    void fittingAJobsThreadAppliesTheShareEvenWhenUnchanged() {
        List<Integer> set = new ArrayList<>();
        CoreShare share = share(2, 2, script(1.9, 1.8), set);
        share.fitThisThread(); // first sample: the configured count
        share.fitThisThread(); // 1.9 busy elsewhere
        share.fitThisThread(); // 1.8: unchanged, applied again
        assertThat(set).containsExactly(2, 1, 1);
    }

    @Test
    void neverExceedsTheConfiguredThreadsNorGoesBelowOne() {
        CoreShare one = new CoreShare(1, 4, 100, () -> null, () -> 0, n -> { });
        assertThat(one.threadsFor(0)).isEqualTo(1);
        CoreShare four = new CoreShare(4, 4, 100, () -> null, () -> 0, n -> { });
        assertThat(four.threadsFor(0)).isEqualTo(4);
        assertThat(four.threadsFor(2.6)).isEqualTo(1);
        assertThat(four.threadsFor(7)).isEqualTo(1);
    }

    @Test
    void samplesCloserThanTheIntervalChangeNothing() {
        List<Integer> set = new ArrayList<>();
        Deque<CoreShare.Sample> samples = new ArrayDeque<>(List.of(
                new CoreShare.Sample(0, 0, 0), new CoreShare.Sample(S / 2, 200, 0)));
        CoreShare share = share(2, 2, samples, set);
        share.poll();
        share.poll(); // half a second later, with others at 2 cores: too early to judge
        assertThat(share.threads()).isEqualTo(2);
        assertThat(set).isEmpty();
        assertThat(samples).as("the second sample is not even read").hasSize(1);
    }

    @Test
    void restorePutsBackTheConfiguredCount() {
        List<Integer> set = new ArrayList<>();
        CoreShare share = share(2, 2, script(2.0), set);
        share.poll();
        share.poll();
        share.restore();
        assertThat(set).containsExactly(1, 2);
        assertThat(share.threads()).isEqualTo(2);
    }
}

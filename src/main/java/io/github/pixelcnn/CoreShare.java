package io.github.pixelcnn;

import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * Keeps libtorch's intra-op threads within the cores that other processes leave free.
 *
 * <p>Why: libtorch's OpenMP threads (libgomp) spin between parallel regions. When another process
 * computes on the same cores, a spinning thread burns the time slice the other needs, and both
 * slow down many-fold (two 2-thread trainings on 2 cores: 17.7× slower each). Waiting passively
 * ({@code OMP_WAIT_POLICY=PASSIVE}) avoids that but costs 1.8× on small models when the cores are
 * free, since every parallel region then wakes sleeping threads. So a long loop (training,
 * evaluation) calls {@link #poll} between steps: every {@link #INTERVAL_NANOS} it reads how much CPU
 * the machine spent outside this process and runs on the cores left, {@code round(cores − others)},
 * at least 1 and at most the configured count. Alone it keeps every thread spinning (today's
 * speed); beside another job both sides drop to the cores they can have, and nothing spins
 * against anything.
 *
 * <p>Only the caller's loop decides: scorers run inside it and change nothing, and a sampler only
 * lowers the count further for its own raster loop, whose arrays are too small to share
 * ({@code sample.LoopThreads}), and puts it back. A server, whose jobs run one at a time on whichever
 * pool thread took the request, calls {@link #fitThisThread} as each job starts instead.
 */
public final class CoreShare {
    /** How often the machine's load is read: often enough to follow a job starting, rare enough to cost nothing. */
    public static final long INTERVAL_NANOS = 2_000_000_000L;

    /** CPU time as the kernel counts it: all processes on all cores, and this process alone, in ticks. */
    public record Sample(long wallNanos, long busyTicks, long ownTicks) {}

    /** Where samples come from: {@code /proc} here, a script in tests. */
    public interface Source {
        /** The current sample, or null where the system does not say (then nothing changes). */
        Sample sample();
    }

    private final int maxThreads;
    private final int cores;
    private final double ticksPerSecond;
    private final Source source;
    private final LongSupplier clock;
    private final IntConsumer setThreads;
    private Sample last;
    private int threads;
    private double otherCoreSeconds;
    private double seconds;

    /**
     * @param maxThreads the configured thread count, never exceeded
     * @param cores the machine's cores, which {@code busyTicks} counts over
     * @param ticksPerSecond ticks per second of CPU time ({@code USER_HZ}, 100 on Linux)
     * @param clock nanoseconds, the same clock as the samples' {@code wallNanos}: between two looks
     *     only it is read, so a step costs no file reads
     * @param setThreads applies a thread count (libtorch's, process-wide)
     */
    public CoreShare(int maxThreads, int cores, double ticksPerSecond, Source source, LongSupplier clock,
            IntConsumer setThreads) {
        if (maxThreads < 1 || cores < 1) {
            throw new IllegalArgumentException("threads and cores must be at least 1");
        }
        this.maxThreads = maxThreads;
        this.cores = cores;
        this.ticksPerSecond = ticksPerSecond;
        this.source = source;
        this.clock = clock;
        this.setThreads = setThreads;
        this.threads = maxThreads;
    }

    /**
     * The share for this process: libtorch's current thread count as the most, the machine's cores
     * from {@code /proc/stat}. Off ({@link #poll} does nothing) where {@code /proc} is missing or
     * {@code -Dpixelcnn.coreShare=false} is set.
     */
    public static CoreShare forThisProcess() {
        int max = JniUtils.getNumThreads();
        boolean off = "false".equalsIgnoreCase(System.getProperty("pixelcnn.coreShare", "true"));
        ProcStat proc = new ProcStat();
        int cores = proc.cores();
        Source source = off || cores < 1 ? () -> null : proc;
        return new CoreShare(max, Math.max(cores, 1), 100, source, System::nanoTime, JniUtils::setNumThreads);
    }

    /** Between steps: at most every {@link #INTERVAL_NANOS}, fits the thread count to the free cores. */
    public void poll() {
        int before = threads;
        update();
        if (threads != before) {
            setThreads.accept(threads);
        }
    }

    /** Reads the machine's load when the interval has passed and decides the count, applying nothing. */
    private void update() {
        if (last != null && clock.getAsLong() - last.wallNanos() < INTERVAL_NANOS) {
            return;
        }
        Sample now = source.sample();
        if (now == null) {
            return;
        }
        if (last == null) {
            last = now;
            return;
        }
        long wall = now.wallNanos() - last.wallNanos();
        double secs = wall / 1e9;
        long otherTicks = (now.busyTicks() - last.busyTicks()) - (now.ownTicks() - last.ownTicks());
        double others = Math.max(0, otherTicks / ticksPerSecond / secs); // cores busy outside this process
        otherCoreSeconds += others * secs;
        seconds += secs;
        last = now;
        threads = threadsFor(others);
    }

    /**
     * Decides as {@link #poll} does, then applies the count to the calling thread even when it did not change:
     * OpenMP keeps a thread count per thread, so a pool thread that last computed under another
     * share would otherwise keep that one.
     */
    public void fitThisThread() {
        update();
        setThreads.accept(threads);
    }

    /** {@code round(cores − others)}, within 1 and the configured count. */
    int threadsFor(double otherCores) {
        long free = Math.round(cores - otherCores);
        return (int) Math.max(1, Math.min(maxThreads, free));
    }

    /** The thread count now. */
    public int threads() {
        return threads;
    }

    /** The cores other processes kept busy, on average over the polled time; 0 before two samples. */
    public double meanOtherCores() {
        return seconds > 0 ? otherCoreSeconds / seconds : 0;
    }

    /** The machine's cores. */
    public int cores() {
        return cores;
    }

    /** Puts back the configured thread count, for whatever runs after the loop. */
    public void restore() {
        if (threads != maxThreads) {
            threads = maxThreads;
            setThreads.accept(maxThreads);
        }
    }

    /** Linux's counters: {@code /proc/stat}'s first line and {@code /proc/self/stat}'s utime and stime. */
    private static final class ProcStat implements Source {
        private static final Path STAT = Path.of("/proc/stat");
        private static final Path SELF = Path.of("/proc/self/stat");

        int cores() {
            try {
                int n = 0;
                for (String line : Files.readAllLines(STAT)) {
                    if (line.startsWith("cpu") && Character.isDigit(line.charAt(3))) {
                        n++;
                    }
                }
                return n;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        @Override
        public Sample sample() {
            try {
                String cpu = Files.readAllLines(STAT).get(0); // cpu user nice system idle iowait irq softirq steal ...
                String[] f = cpu.trim().split("\\s+");
                long busy = 0;
                for (int i = 1; i < f.length && i <= 8; i++) {
                    if (i != 4 && i != 5) { // idle and iowait are not busy
                        busy += Long.parseLong(f[i]);
                    }
                }
                String self = Files.readString(SELF);
                // Fields after the command name, which is in parentheses and may hold spaces.
                String[] s = self.substring(self.lastIndexOf(')') + 2).trim().split("\\s+");
                long own = Long.parseLong(s[11]) + Long.parseLong(s[12]); // utime, stime (fields 14, 15)
                return new Sample(System.nanoTime(), busy, own);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }
}

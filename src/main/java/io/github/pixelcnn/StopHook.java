package io.github.pixelcnn;

import java.util.concurrent.CountDownLatch;

/**
 * A JVM shutdown hook (Ctrl-C, SIGTERM) held for the length of one job; {@link #close()} removes
 * it. Two kinds: {@link #stopping} asks a training loop to stop and then waits, without a time
 * limit, until the loop has finished its step and written the checkpoint (the JVM halts as soon
 * as a hook returns); {@link #notice} only says what was interrupted, for work that has nothing
 * to save (sampling, an evaluation), and lets the JVM halt at once.
 */
public final class StopHook implements AutoCloseable {
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;
    private final boolean installed;

    private StopHook(Runnable onShutdown, boolean waits, boolean install) {
        this.hook = new Thread(() -> {
            onShutdown.run();
            if (!waits) {
                return;
            }
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        this.installed = install;
        if (install) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
    }

    /**
     * On shutdown runs {@code stop} (a stop request), then holds the JVM until {@link #close()},
     * which the loop reaches once its checkpoint is written; {@code install} false makes it inert.
     */
    public static StopHook stopping(Runnable stop, boolean install) {
        return new StopHook(stop, true, install);
    }

    /** On shutdown runs {@code notice} (e.g. one line saying what was interrupted) and nothing else. */
    public static StopHook notice(Runnable notice) {
        return new StopHook(notice, false, true);
    }

    @Override
    public void close() {
        if (installed) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running; a stopping one waits for the countdown below.
            }
        }
        done.countDown();
    }
}

package io.github.pixelcnn.train;

import java.util.concurrent.CountDownLatch;

/**
 * A JVM shutdown hook (Ctrl-C, SIGTERM) that asks a training loop to stop and then waits, without
 * a time limit, until the loop has finished its step and written the checkpoint: the JVM halts as
 * soon as a hook returns. Installed for one {@code train()} call; {@link #close()} removes it, or
 * lets a running hook return.
 */
final class StopHook implements AutoCloseable {
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;
    private final boolean installed;

    StopHook(Runnable stop, boolean install) {
        this.hook = new Thread(() -> {
            stop.run();
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

    @Override
    public void close() {
        if (installed) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running and waits for the countdown below; the checkpoint is written.
            }
        }
        done.countDown();
    }
}

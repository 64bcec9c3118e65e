package io.github.pixelcnn.serve;

import io.github.pixelcnn.CoreShare;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most one job on the model at a time, and a few more waiting their turn; beyond that a job is
 * refused at once (503 with Retry-After) instead of piling up threads and memory. Each job starts
 * by fitting libtorch's threads to the cores other processes leave free ({@link
 * CoreShare#fitThisThread}), so the page beside a training does not spin against it.
 */
final class JobGate {
    /** Seconds a refused client is asked to wait: about one sampling run. */
    static final long RETRY_AFTER_SECONDS = 2;

    private final Semaphore admitted;
    private final Semaphore running = new Semaphore(1, true);
    private final int capacity;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();

    private final Runnable beforeJob;

    /**
     * @param queued jobs that may wait while one runs
     * @param beforeJob runs on the job's thread once it has the model
     */
    JobGate(int queued, Runnable beforeJob) {
        this.capacity = queued + 1;
        this.beforeJob = beforeJob;
        this.admitted = new Semaphore(capacity);
    }

    /** A place in the queue, or 503 when it is full; close the ticket when the job ends. */
    Ticket admit() {
        if (!admitted.tryAcquire()) {
            throw new HttpError(503, "busy: " + capacity + " generation jobs are running or waiting; try again shortly",
                    RETRY_AFTER_SECONDS);
        }
        return new Ticket();
    }

    /** The most jobs that ever ran on the model at once (1 unless the gate is broken). */
    int peakRunning() {
        return peak.get();
    }

    /** One admitted job: {@link #run()} waits for the model, {@link #close()} frees both places. */
    final class Ticket implements AutoCloseable {
        private boolean runs;
        private boolean closed;

        void run() throws InterruptedException {
            running.acquire();
            runs = true;
            peak.accumulateAndGet(active.incrementAndGet(), Math::max);
            beforeJob.run();
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (runs) {
                active.decrementAndGet();
                running.release();
            }
            admitted.release();
        }
    }
}

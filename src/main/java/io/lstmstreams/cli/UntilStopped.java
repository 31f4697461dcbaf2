package io.lstmstreams.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs something until Ctrl-C or a time limit, checking on it at an interval, then closes it. Ctrl-C runs the
 * shutdown hook, which waits for the close to finish: the JVM would otherwise exit in the middle of it, leaving
 * transactions open until they time out.
 */
final class UntilStopped {

    private UntilStopped() {
    }

    /**
     * @param limit    how long to run; {@code null}: until Ctrl-C
     * @param interval how often {@code check} runs; an exception from it stops the run (after the close) and propagates
     */
    static void run(Duration limit, Duration interval, Runnable check, Runnable close) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            awaitQuietly(closed);
        }, "lstm-streams-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        long begin = System.nanoTime();
        long limitNanos = limit == null ? Long.MAX_VALUE : limit.toNanos();
        try {
            while (!stop.await(Math.min(interval.toNanos(), limitNanos - (System.nanoTime() - begin)), TimeUnit.NANOSECONDS)
                    && System.nanoTime() - begin < limitNanos) {
                check.run();
            }
        } finally {
            close.run();
            closed.countDown();
            removeUnlessShuttingDown(hook);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeUnlessShuttingDown(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: nothing to remove
        }
    }
}

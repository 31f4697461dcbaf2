package io.lstmstreams.kafka;

import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer polled on its own daemon thread until closed: what the model watcher, the label feeds and the
 * retraining leadership have in common. A failure stops the loop with an error that says what it means; close
 * wakes a poll in progress and waits for the thread, which closes the consumer.
 */
public abstract class ConsumerLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);

    private final Thread thread;
    private final String stopMeans;
    private volatile boolean running = true;

    /** @param stopMeans what it means for the instance when this loop dies, for the error it logs */
    protected ConsumerLoop(String threadName, String stopMeans) {
        this.thread = new Thread(this::loop, threadName);
        this.thread.setDaemon(true);
        this.stopMeans = stopMeans;
    }

    /** Starts polling; call once, after the subclass is fully constructed. */
    protected final void startLoop() {
        thread.start();
    }

    /** One poll and what follows from its records. */
    protected abstract void pollOnce();

    /** Makes a poll in progress throw {@link WakeupException} (the consumer's {@code wakeup}); any thread. */
    protected abstract void wakeup();

    /** Closes the consumer; runs on the loop's thread as it ends. */
    protected abstract void closeConsumer();

    private void loop() {
        try {
            while (running) {
                pollOnce();
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("{} stopped: {}", thread.getName(), stopMeans, e);
        } finally {
            closeConsumer();
        }
    }

    /** Idempotent. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

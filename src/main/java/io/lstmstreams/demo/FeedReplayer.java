package io.lstmstreams.demo;

import io.lstmstreams.kafka.Replayer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KeyValue;

/**
 * Replays each feed in its own thread at a steady rate, from the start again when it runs out, until closed.
 * Records go in chunks of a quarter second, so closing waits at most that long for a thread.
 */
final class FeedReplayer implements AutoCloseable {

    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

    private final String bootstrapServers;
    private final double ratePerFeed;
    private final DemoState state;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final List<Thread> threads = new ArrayList<>();

    FeedReplayer(String bootstrapServers, double ratePerFeed, DemoState state) {
        this.bootstrapServers = bootstrapServers;
        this.ratePerFeed = ratePerFeed;
        this.state = state;
    }

    void start(List<Feed> feeds) {
        for (Feed feed : feeds) {
            Thread thread = new Thread(() -> replay(feed), "demo-feed-" + feed.pipeline());
            threads.add(thread);
            thread.start();
        }
    }

    /** The first feed that stopped on an error, described; empty while all run. */
    Optional<String> failure() {
        return Optional.ofNullable(failure.get());
    }

    @Override
    public void close() {
        stop.countDown();
        for (Thread thread : threads) {
            try {
                thread.join(JOIN_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void replay(Feed feed) {
        List<KeyValue<String, byte[]>> records = feed.records();
        int chunk = (int) Math.max(1, Math.ceil(ratePerFeed / 4));
        long intervalNanos = (long) (1e9 / ratePerFeed);
        long next = System.nanoTime();
        int position = 0;
        try (Replayer replayer = new Replayer(bootstrapServers)) {
            while (stop.getCount() > 0) {
                List<KeyValue<String, byte[]>> part = records.subList(position, Math.min(position + chunk, records.size()));
                replayer.replay(feed.topic(), part, ratePerFeed);
                state.sent(feed.pipeline(), part.size());
                position = (position + part.size()) % records.size();
                next += part.size() * intervalNanos;
                stop.await(Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, feed.pipeline() + " feed stopped: " + e.getMessage());
        }
    }
}

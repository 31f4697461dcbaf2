package io.lstmstreams.kafka;

import io.lstmstreams.wire.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;

/**
 * Sends records into a topic in order, at a steady rate, with an idempotent producer: a record retried after a
 * broker restart is written once. Each record may take up to the delivery timeout, so a broker away for less than
 * that loses nothing; a record that still fails is counted, and the rest are not sent (the broker is gone).
 */
public final class Replayer implements AutoCloseable {

    /** Kafka's own default: rides out a broker restart of up to two minutes. */
    public static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(2);
    private static final int LINGER_MS = 5;

    private final KafkaProducer<String, byte[]> producer;

    public Replayer(String bootstrapServers) {
        this(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), DELIVERY_TIMEOUT);
    }

    /** @param clientConfig producer settings: bootstrap servers and security (the delivery settings are this class's) */
    public Replayer(Map<String, Object> clientConfig) {
        this(clientConfig, DELIVERY_TIMEOUT);
    }

    /** @param deliveryTimeout how long one record may wait for a broker, its first metadata included */
    Replayer(String bootstrapServers, Duration deliveryTimeout) {
        this(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), deliveryTimeout);
    }

    private Replayer(Map<String, Object> clientConfig, Duration deliveryTimeout) {
        int timeout = (int) deliveryTimeout.toMillis();
        Properties properties = new Properties();
        properties.putAll(clientConfig);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
        // A send waits for the topic's metadata as long as for delivery: 10 s lost records in a broker restart.
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(30_000, timeout - LINGER_MS));
        // Once in five ReplayerIT runs on busy cores, one partition's batch waited out the whole delivery timeout
        // after a broker restart; metadata refreshed every 5 s (not 5 min) so a stale leader is looked up again.
        properties.put(ProducerConfig.METADATA_MAX_AGE_CONFIG, 5_000);
        // One request in flight: with five, a partition's first batch refused by a broker not yet serving it
        // (NOT_LEADER_OR_FOLLOWER) is overtaken by the next, which the broker takes, and is then refused as out of
        // sequence until it expires. Writing 20,000 records to a topic a moment old lost records in 8 of 25 rounds
        // with five in flight, in none of 25 with one.
        properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        this.producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Sends the records and waits until the broker has them all.
     *
     * @param ratePerSecond records per second; 0 or less sends as fast as possible
     * @return the number of records sent, all of them
     * @throws IllegalStateException when records were lost, saying how many were sent, failed and not sent
     */
    public long replay(Topic<String, byte[]> topic, List<KeyValue<String, byte[]>> records, double ratePerSecond) {
        AtomicLong delivered = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long intervalNanos = ratePerSecond > 0 ? (long) (1e9 / ratePerSecond) : 0;
        long next = System.nanoTime();
        int attempted = 0;
        for (KeyValue<String, byte[]> record : records) {
            if (failure.get() != null) {
                break;
            }
            if (intervalNanos > 0) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    sleepNanos(wait);
                }
                next += intervalNanos;
            }
            attempted++;
            try {
                producer.send(new ProducerRecord<>(topic.topicName(), record.key, record.value), (metadata, error) -> {
                    if (error == null) {
                        delivered.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        failure.compareAndSet(null, error);
                    }
                });
            } catch (KafkaException e) {
                failed.incrementAndGet();
                failure.compareAndSet(null, e);
            }
        }
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException(String.format("%d of %d records lost in %s: %d sent, %d failed, %d not sent"
                    + " after the first failure (%s)", records.size() - delivered.get(), records.size(), topic.topicName(),
                    delivered.get(), failed.get(), records.size() - attempted, failure.get().getMessage()), failure.get());
        }
        return delivered.get();
    }

    @Override
    public void close() {
        producer.close();
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("replay interrupted", e);
        }
    }
}

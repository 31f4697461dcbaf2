package io.lstmstreams.kafka;

import io.lstmstreams.wire.Topic;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;

/** Sends records into a topic in order, at a steady rate, with an idempotent producer (no duplicates on retry). */
public final class Replayer implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    public Replayer(String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        this.producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Sends the records and waits until the broker has them all.
     *
     * @param ratePerSecond records per second; 0 or less sends as fast as possible
     * @return the number of records sent
     */
    public long replay(Topic<String, byte[]> topic, List<KeyValue<String, byte[]>> records, double ratePerSecond) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        long intervalNanos = ratePerSecond > 0 ? (long) (1e9 / ratePerSecond) : 0;
        long next = System.nanoTime();
        for (KeyValue<String, byte[]> record : records) {
            if (intervalNanos > 0) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    sleepNanos(wait);
                }
                next += intervalNanos;
            }
            producer.send(new ProducerRecord<>(topic.topicName(), record.key, record.value), (metadata, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
            });
        }
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("replay into " + topic.topicName() + " failed: " + failure.get().getMessage(), failure.get());
        }
        return records.size();
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

package io.lstmstreams.kafka;

import io.lstmstreams.wire.Topics;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams settings every pipeline starts from; callers override what they need. */
public final class StreamsProperties {

    private StreamsProperties() {
    }

    public static Properties base(String applicationId, String bootstrapServers, Path stateDir) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // Each event's output, its state update and its input offset commit together, or not at all.
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Latency of read-committed consumers of our outputs is bounded by the commit interval.
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        properties.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.DEAD_LETTERS.topicName());
        properties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterInvalidRecords.class.getName());
        properties.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, ContinuePastRefusedRecords.class.getName());
        properties.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        // A member that died (a killed instance, a replaced stream thread) holds its partitions until its session
        // times out: 10 s rather than Kafka's 45 s, the broker's minimum being 6 s. Heartbeats come from a
        // background thread every 3 s, so processing or training does not delay them.
        properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        return properties;
    }
}

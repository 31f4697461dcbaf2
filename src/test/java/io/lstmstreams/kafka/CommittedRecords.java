package io.lstmstreams.kafka;

import io.lstmstreams.wire.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** What a pipeline published, as a downstream reader sees it: committed records only. */
public final class CommittedRecords {

    private CommittedRecords() {
    }

    /**
     * Reads committed records from the start of a topic until {@code expected} arrived or 60 s passed, then
     * half a second more: anything beyond the expected count would be a duplicate or a stray output.
     */
    public static <T> List<T> read(EmbeddedKafkaBroker broker, Topic<?, ?> topic, int expected, Function<byte[], T> parse) {
        return readUntil(broker, topic, parse, values -> values.size() >= expected);
    }

    /**
     * Reads committed records from the start of a topic until what was read satisfies {@code done} or 60 s passed,
     * then half a second more. Partitions are consumed unevenly, so a count alone can be reached before one
     * partition's records arrive when the topic also holds records the test does not look for.
     */
    public static <T> List<T> readUntil(EmbeddedKafkaBroker broker, Topic<?, ?> topic, Function<byte[], T> parse,
                                        Predicate<List<T>> done) {
        List<T> values = new ArrayList<>();
        consume(broker, topic.topicName(), record -> values.add(parse.apply(record.value())), () -> done.test(values));
        return values;
    }

    /**
     * Committed records of a topic, keys and timestamps included, from its start until {@code expected} arrived or
     * 60 s passed, then half a second more: what a comparison per key and position needs.
     */
    public static List<ConsumerRecord<String, byte[]>> records(EmbeddedKafkaBroker broker, String topic, int expected) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        consume(broker, topic, records::add, () -> records.size() >= expected);
        return records;
    }

    private static void consume(EmbeddedKafkaBroker broker, String topic, Consumer<ConsumerRecord<String, byte[]>> sink,
                                BooleanSupplier done) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + topic + "-" + System.nanoTime());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!done.getAsBoolean() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(sink);
            }
            consumer.poll(Duration.ofMillis(500)).forEach(sink);
        }
    }
}

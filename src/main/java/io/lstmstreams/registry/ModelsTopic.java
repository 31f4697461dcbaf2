package io.lstmstreams.registry;

import io.lstmstreams.wire.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the compacted models topic from its start, without a consumer group: every reader (each app instance,
 * each CLI call) sees every record. Knows when it has read everything that was there when it was opened.
 */
final class ModelsTopic implements AutoCloseable {

    /** Bundles are checked against the topic's own message limit: nothing larger can be on it legitimately. */
    static final long MAX_BUNDLE_BYTES = Long.parseLong(Topics.MODELS.definition().configs().get("max.message.bytes"));

    private final Map<String, Object> config;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<TopicPartition, Long> endAtOpen;

    ModelsTopic(Map<String, Object> clientConfig) {
        config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, (int) MAX_BUNDLE_BYTES);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, (int) MAX_BUNDLE_BYTES);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        List<PartitionInfo> partitions = consumer.partitionsFor(Topics.MODELS.topicName(), Duration.ofSeconds(30));
        if (partitions == null || partitions.isEmpty()) {
            consumer.close();
            throw new IllegalStateException("topic " + Topics.MODELS.topicName() + " does not exist: run topics create");
        }
        List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        endAtOpen = consumer.endOffsets(assigned);
    }

    List<ConsumerRecord<String, byte[]>> poll(Duration timeout) {
        List<ConsumerRecord<String, byte[]>> records = new java.util.ArrayList<>();
        consumer.poll(timeout).forEach(records::add);
        return records;
    }

    /**
     * The record at {@code offset}, read again by a consumer of its own (this one's position stays); empty when
     * compaction removed it or nothing came within {@code timeout}.
     */
    Optional<ConsumerRecord<String, byte[]>> reread(TopicPartition partition, long offset, Duration timeout) {
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            reader.assign(List.of(partition));
            reader.seek(partition, offset);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                List<ConsumerRecord<String, byte[]>> records = reader.poll(Duration.ofMillis(200)).records(partition);
                if (!records.isEmpty()) {
                    // the first record at or after the offset: another one when compaction removed it
                    return Optional.of(records.get(0)).filter(record -> record.offset() == offset);
                }
            }
            return Optional.empty();
        }
    }

    /** Whether every record that was on the topic when it was opened has been read. */
    boolean caughtUp() {
        return endAtOpen.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}

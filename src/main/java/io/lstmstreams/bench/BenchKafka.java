package io.lstmstreams.bench;

import io.lstmstreams.kafka.EmbeddedKafkaBroker;
import io.lstmstreams.kafka.TopicAdmin;
import io.lstmstreams.wire.TopicDefinition;
import io.lstmstreams.wire.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;

/**
 * The one embedded broker (127.0.0.1) a benchmark run measures on, with the admin calls the measurements need: every
 * pipeline topic created once, emptied between runs (records deleted up to the end, so a new application starts
 * after them), offsets, a group's committed progress, the bytes of a changelog on disk.
 */
final class BenchKafka implements AutoCloseable {

    private static final long READY_TIMEOUT_NANOS = 30_000_000_000L;

    private final EmbeddedKafkaBroker broker;
    private final Admin admin;

    private BenchKafka(EmbeddedKafkaBroker broker) {
        this.broker = broker;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    static BenchKafka start() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.inTemporaryDirectory(0).start();
        try (TopicAdmin topics = new TopicAdmin(broker.bootstrapServers())) {
            topics.create(Topics.definitions());
        }
        return new BenchKafka(broker);
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /**
     * A plain topic of {@code partitions}, e.g. the Kafka ceiling's or a changelog written ahead of its application,
     * made by {@link TopicAdmin#create}, which returns once every partition is served: a producer writing to a
     * partition a moment old can lose its first batches (the restore row lost 2 of 20,000 keys so, and its producer's
     * close waited out the 2-minute delivery timeout).
     */
    void createTopic(String name, int partitions, Map<String, String> configs) {
        try (TopicAdmin topics = new TopicAdmin(broker.bootstrapServers())) {
            topics.create(List.of(new TopicDefinition(name, partitions, 1, configs, "")));
        }
    }

    List<TopicPartition> partitions(String topic) {
        int count = await(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic).partitions().size();
        return IntStream.range(0, count).mapToObj(partition -> new TopicPartition(topic, partition)).toList();
    }

    /** Retried for a while: a topic created a moment ago may not have its partitions' leaders yet. */
    Map<TopicPartition, Long> endOffsets(String topic) {
        long deadline = System.nanoTime() + READY_TIMEOUT_NANOS;
        while (true) {
            try {
                Map<TopicPartition, OffsetSpec> latest = partitions(topic).stream()
                        .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets = await(admin.listOffsets(latest).all());
                return offsets.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
                sleep();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Input records the group has committed since {@code from} (per partition), summed. */
    long committedSince(String group, Map<TopicPartition, Long> from) {
        Map<TopicPartition, OffsetAndMetadata> committed =
                await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
        long total = 0;
        for (Map.Entry<TopicPartition, Long> start : from.entrySet()) {
            OffsetAndMetadata offset = committed.get(start.getKey());
            total += offset == null ? 0 : Math.max(0, offset.offset() - start.getValue());
        }
        return total;
    }

    /** Deletes every record of the pipeline topics: the next run's application starts on an empty input. */
    void empty() {
        Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
        for (String topic : Topics.ALL.stream().map(topic -> topic.topicName()).toList()) {
            endOffsets(topic).forEach((partition, end) -> {
                if (end > 0) {
                    delete.put(partition, RecordsToDelete.beforeOffset(end));
                }
            });
        }
        await(admin.deleteRecords(delete).all());
    }

    /** Bytes of the log segments of {@code application}'s changelog topics on the broker's disk (indexes left out). */
    long changelogBytes(String application) {
        return logBytes(name -> name.startsWith(application + "-") && name.contains("-changelog-"));
    }

    /** Bytes of the log segments of {@code topic}'s partitions on the broker's disk. */
    long topicBytes(String topic) {
        return logBytes(name -> name.matches(java.util.regex.Pattern.quote(topic) + "-\\d+"));
    }

    private long logBytes(java.util.function.Predicate<String> partitionDirectory) {
        try (Stream<Path> dirs = Files.list(broker.dataDir())) {
            return dirs.filter(dir -> partitionDirectory.test(dir.getFileName().toString()))
                    .mapToLong(BenchKafka::segmentBytes).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long segmentBytes(Path dir) {
        return directoryBytes(dir, file -> file.getFileName().toString().endsWith(".log"));
    }

    /** Bytes of the files under {@code dir} that {@code include} accepts. */
    static long directoryBytes(Path dir, java.util.function.Predicate<Path> include) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(include).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0; // a segment deleted meanwhile holds no bytes
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        admin.close();
        broker.close();
    }

    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka admin call failed: " + e.getCause().getMessage(), e.getCause());
        }
    }
}

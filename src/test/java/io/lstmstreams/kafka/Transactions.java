package io.lstmstreams.kafka;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Transactions as the broker sees them: which are open, and whether read-committed readers reach a topic's end. */
public final class Transactions {

    private static final List<TransactionState> OPEN = List.of(TransactionState.ONGOING, TransactionState.PREPARE_COMMIT,
            TransactionState.PREPARE_ABORT, TransactionState.PREPARE_EPOCH_FENCE);

    private Transactions() {
    }

    /** Transactional ids with a transaction begun and not yet committed or aborted. */
    public static List<String> open(EmbeddedKafkaBroker broker) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(properties)) {
            return admin.listTransactions(new ListTransactionsOptions().filterStates(OPEN)).all().get().stream()
                    .map(TransactionListing::transactionalId).sorted().toList();
        } catch (ExecutionException e) {
            throw new IllegalStateException("listing transactions", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Partitions of the topics where a read-committed reader stops short of the end (its last stable offset is below
     * the high watermark): an open transaction holds them.
     */
    public static List<TopicPartition> heldBack(EmbeddedKafkaBroker broker, List<String> topics) {
        try (KafkaConsumer<byte[], byte[]> committed = consumer(broker, "read_committed");
             KafkaConsumer<byte[], byte[]> uncommitted = consumer(broker, "read_uncommitted")) {
            List<TopicPartition> partitions = topics.stream().flatMap(topic -> committed.partitionsFor(topic).stream())
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            Map<TopicPartition, Long> stable = committed.endOffsets(partitions);
            Map<TopicPartition, Long> end = uncommitted.endOffsets(partitions);
            return partitions.stream().filter(partition -> !stable.get(partition).equals(end.get(partition))).toList();
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(EmbeddedKafkaBroker broker, String isolation) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}

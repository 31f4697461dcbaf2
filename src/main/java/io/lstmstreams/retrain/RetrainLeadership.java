package io.lstmstreams.retrain;

import io.lstmstreams.kafka.ConsumerLoop;
import io.lstmstreams.wire.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which instance retrains: every instance joins one consumer group on the single-partition models topic, and the
 * member that partition is assigned to leads (Kafka's group membership as the election; nothing is read, the
 * partition stays paused). When the leader leaves or dies, the group gives the partition to another member within
 * the session timeout. The sticky assignor keeps a leader leading when instances join. Overlap is harmless: a run
 * the old leader started still finishes, and promotions go through the registry, where the last pointer wins.
 */
public final class RetrainLeadership extends ConsumerLoop implements BooleanSupplier {

    private static final Logger LOG = LoggerFactory.getLogger(RetrainLeadership.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String group;
    private volatile boolean leading;

    private RetrainLeadership(KafkaConsumer<byte[], byte[]> consumer, String group) {
        super("retrain-leadership", "this instance will not retrain until restart");
        this.consumer = consumer;
        this.group = group;
    }

    /**
     * @param clientConfig consumer settings: bootstrap servers and security
     * @param group        the same for every instance of one deployment
     */
    public static RetrainLeadership join(Map<String, Object> clientConfig, String group) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, List.of(CooperativeStickyAssignor.class.getName()));
        RetrainLeadership leadership = new RetrainLeadership(
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer()), group);
        leadership.consumer.subscribe(List.of(Topics.MODELS.topicName()), leadership.new Election());
        leadership.startLoop();
        return leadership;
    }

    /** Whether this instance retrains now. */
    @Override
    public boolean getAsBoolean() {
        return leading;
    }

    @Override
    protected void pollOnce() {
        consumer.poll(Duration.ofMillis(200));
    }

    @Override
    protected void wakeup() {
        consumer.wakeup();
    }

    @Override
    protected void closeConsumer() {
        leading = false;
        consumer.close(Duration.ofSeconds(2)); // leaves the group: another member takes over at once
    }

    /** Runs inside poll, on the loop's thread. */
    private final class Election implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            consumer.pause(partitions);
            if (!partitions.isEmpty() && !leading) {
                leading = true;
                LOG.info("this instance now leads retraining (group {})", group);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty() && leading) {
                leading = false;
                LOG.info("this instance no longer leads retraining (group {})", group);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }
    }
}

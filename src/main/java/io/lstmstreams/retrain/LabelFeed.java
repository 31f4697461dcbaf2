package io.lstmstreams.retrain;

import io.lstmstreams.kafka.ConsumerLoop;
import io.lstmstreams.wire.Labels;
import io.lstmstreams.wire.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Fills a task's {@link LabelBuffer} from the labels topic through its {@link LabelAssembler}, on its own thread. Reads every partition without a
 * consumer group, committed records only, starting {@code maxAge} back: after a restart the buffer is rebuilt from
 * the topic (its retention is longer than any sensible buffer age), so it survives restarts without a store of its own.
 */
public final class LabelFeed<E> extends ConsumerLoop {

    private final KafkaConsumer<String, byte[]> consumer;
    private final String task;
    private final LabelAssembler<E> assembler;
    private final LabelBuffer<E> buffer;

    private LabelFeed(KafkaConsumer<String, byte[]> consumer, String task, LabelAssembler<E> assembler, LabelBuffer<E> buffer) {
        super("label-feed-" + task, "no new labels for " + task + " until restart");
        this.consumer = consumer;
        this.task = task;
        this.assembler = assembler;
        this.buffer = buffer;
    }

    /** @param clientConfig consumer settings: bootstrap servers and security */
    public static <E> LabelFeed<E> start(Map<String, Object> clientConfig, String task, LabelAssembler<E> assembler,
                                         LabelBuffer<E> buffer, Duration maxAge) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.LABELS.topicName(), Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        long since = System.currentTimeMillis() - maxAge.toMillis();
        Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(
                partitions.stream().collect(Collectors.toMap(p -> p, p -> since)));
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        starts.forEach((partition, start) -> consumer.seek(partition, start == null ? ends.get(partition) : start.offset()));
        LabelFeed<E> feed = new LabelFeed<>(consumer, task, assembler, buffer);
        feed.startLoop();
        return feed;
    }

    @Override
    protected void pollOnce() {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            // Another task's label is skipped by its header, unparsed.
            if (record.value() != null && Labels.mayBelongTo(record.headers(), task)) {
                assembler.add(record.value()).ifPresent(buffer::add);
            }
        }
    }

    @Override
    protected void wakeup() {
        consumer.wakeup();
    }

    @Override
    protected void closeConsumer() {
        consumer.close(Duration.ofSeconds(2));
    }
}

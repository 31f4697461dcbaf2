package io.lstmstreams.retrain;

import io.lstmstreams.kafka.Topics;
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
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills a task's {@link LabelBuffer} from the labels topic through its {@link LabelAssembler}, on its own thread. Reads every partition without a
 * consumer group, committed records only, starting {@code maxAge} back: after a restart the buffer is rebuilt from
 * the topic (its retention is longer than any sensible buffer age), so it survives restarts without a store of its own.
 */
public final class LabelFeed<E> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LabelFeed.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String task;
    private final LabelAssembler<E> assembler;
    private final LabelBuffer<E> buffer;
    private final Thread thread;
    private volatile boolean running = true;

    private LabelFeed(KafkaConsumer<String, byte[]> consumer, String task, LabelAssembler<E> assembler, LabelBuffer<E> buffer) {
        this.consumer = consumer;
        this.task = task;
        this.assembler = assembler;
        this.buffer = buffer;
        this.thread = new Thread(this::follow, "label-feed-" + task);
        this.thread.setDaemon(true);
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
        feed.thread.start();
        return feed;
    }

    private void follow() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null) {
                        assembler.add(record.value()).ifPresent(buffer::add);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("label feed of {} stopped: no new labels until restart", task, e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.lstmstreams.demo;

import io.lstmstreams.forecast.ForecastTask;
import io.lstmstreams.logkeys.LogKeysTask;
import io.lstmstreams.pos.PosTask;
import io.lstmstreams.registry.CurrentVersion;
import io.lstmstreams.wire.AnomalyVerdict;
import io.lstmstreams.wire.ForecastMessage;
import io.lstmstreams.wire.TagRecord;
import io.lstmstreams.wire.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what the pipelines publish, as a downstream consumer would (committed records only), into
 * {@link DemoState}: tags, anomaly verdicts, forecasts and their errors, and dead letters. Latency is the reader's clock minus the output
 * record's timestamp, which Kafka Streams copies from the input record, i.e. when the feed sent the event.
 */
final class OutputReader implements AutoCloseable {

    /** Kafka Streams' dead-letter header naming the topic of the record that failed. */
    static final String SOURCE_TOPIC_HEADER = "__streams.errors.topic";
    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaConsumer<String, byte[]> consumer;
    private final DemoState state;
    /** Source (input) topic name to pipeline, for dead letters. */
    private final Map<String, String> pipelineByInput = Map.of(
            Topics.TOKENS.topicName(), PosTask.NAME,
            Topics.EVENTS.topicName(), LogKeysTask.NAME,
            Topics.SERIES.topicName(), ForecastTask.NAME);
    /** The registry's key of a task's current-version pointer ends so: {@code pos/current}. */
    private static final String CURRENT_POINTER = "/current";
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final AtomicLong lastRecordNanos = new AtomicLong(System.nanoTime());
    private final Thread thread = new Thread(this::run, "demo-output-reader");
    private volatile boolean running = true;

    OutputReader(String bootstrapServers, DemoState state) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        this.state = state;
        // Assigned, not subscribed: no group to join, so the first outputs are seen at once.
        List<TopicPartition> partitions = Stream.of(Topics.TAGS, Topics.ANOMALIES, Topics.FORECASTS, Topics.FORECAST_ERRORS,
                        Topics.DEAD_LETTERS, Topics.MODELS)
                .flatMap(topic -> consumer.partitionsFor(topic.topicName()).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition())))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    void start() {
        thread.start();
    }

    /** Waits until no record arrived for {@code quiet}, at most {@code limit}: the last outputs of a run get counted. */
    void awaitQuiet(Duration quiet, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() - lastRecordNanos.get() < quiet.toNanos() && System.nanoTime() < deadline) {
            Thread.sleep(POLL.toMillis());
        }
    }

    Optional<String> failure() {
        return Optional.ofNullable(failure.get());
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try (consumer) {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    lastRecordNanos.set(System.nanoTime());
                    accept(record, System.currentTimeMillis() - record.timestamp());
                }
            }
        } catch (RuntimeException e) {
            failure.compareAndSet(null, "output reader stopped: " + e.getMessage());
        }
    }

    private void accept(ConsumerRecord<String, byte[]> record, long latencyMillis) {
        if (record.topic().equals(Topics.TAGS.topicName())) {
            state.tagged(PosTask.NAME, TagRecord.fromJson(record.value()), latencyMillis);
        } else if (record.topic().equals(Topics.ANOMALIES.topicName())) {
            state.judged(LogKeysTask.NAME, AnomalyVerdict.fromJson(record.value()), latencyMillis);
        } else if (record.topic().equals(Topics.FORECASTS.topicName())) {
            state.forecasted(ForecastTask.NAME, ForecastMessage.parse(record.value(), ForecastMessage.Forecast.class));
        } else if (record.topic().equals(Topics.FORECAST_ERRORS.topicName())) {
            state.scored(ForecastMessage.parse(record.value(), ForecastMessage.Error.class));
        } else if (record.topic().equals(Topics.MODELS.topicName())) {
            if (record.key().endsWith(CURRENT_POINTER)) {
                CurrentVersion pointer = CurrentVersion.fromJson(record.value());
                state.modelPointer(record.key().substring(0, record.key().length() - CURRENT_POINTER.length()),
                        pointer.version(), pointer.reason());
            }
        } else {
            Header source = record.headers().lastHeader(SOURCE_TOPIC_HEADER);
            String topic = source == null ? "" : new String(source.value(), StandardCharsets.UTF_8);
            state.deadLettered(pipelineByInput.getOrDefault(topic, "unknown source topic '" + topic + "'"));
        }
    }
}

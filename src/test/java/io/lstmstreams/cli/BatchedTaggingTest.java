package io.lstmstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.config.Settings;
import io.lstmstreams.kafka.PositionedOutputs;
import io.lstmstreams.kafka.StreamsProperties;
import io.lstmstreams.logkeys.LogKeysTask;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.pos.PosTask;
import io.lstmstreams.registry.LiveModel;
import io.lstmstreams.tagging.TaggingSettings;
import io.lstmstreams.task.Task;
import io.lstmstreams.task.UninterruptedRun;
import io.lstmstreams.wire.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batched mode (tagging.batch.size over 1) against the per-record one on the same input, many sequences
 * interleaved: the same outputs per (key, position), probabilities within float32 rounding of the other engine, and
 * nothing left waiting once the batch's wait is over.
 */
class BatchedTaggingTest {

    /**
     * Two float32 engines (ND4J's gemm, the Vector API's sums) each round every step to ~6e-8 relative; over a
     * sentence or session of steps that stays far below this.
     */
    static final double FLOAT32_TOLERANCE = 1e-5;
    private static final int BATCH = 16;

    @TempDir
    static Path dir;

    @Test
    void batchedPosTagsEqualThePerRecordTagsOfInterleavedSentences() throws Exception {
        ModelBundle bundle = PosFixtures.tinyModel(dir.resolve("pos.bundle"));
        assertBatchedEqualsPerRecord(new PosTask(), bundle, interleaved(PosTask.records(PosFixtures.sentences(0, 80))),
                List.of(Topics.TAGS.topicName(), Topics.LABELS.topicName()));
    }

    @Test
    void batchedLogKeyVerdictsEqualThePerRecordVerdictsOfInterleavedSessions() throws Exception {
        ModelBundle bundle = LogKeysFixtures.tinyModel(dir.resolve("logkeys.bundle"));
        assertBatchedEqualsPerRecord(new LogKeysTask(), bundle, interleaved(LogKeysFixtures.events(0, 80)),
                List.of(Topics.ANOMALIES.topicName()));
    }

    @Test
    void eventsWaitForAFullBatchOrTheMaximumWaitAndABadOneIsDeadLetteredOnArrival() throws Exception {
        ModelBundle bundle = LogKeysFixtures.tinyModel(dir.resolve("waiting.bundle"));
        LogKeysTask task = new LogKeysTask();
        var model = task.model(bundle, Settings.defaults());
        try (TopologyTestDriver driver = new TopologyTestDriver(task.topology(() -> model, batched(BATCH), new SimpleMeterRegistry()),
                StreamsProperties.base("batched-wait", "127.0.0.1:1", dir.resolve("wait-state")))) {
            TestInputTopic<String, byte[]> events = driver.createInputTopic(task.input().topicName(), new StringSerializer(),
                    new ByteArraySerializer());
            TestOutputTopic<String, byte[]> verdicts = driver.createOutputTopic(Topics.ANOMALIES.topicName(),
                    new StringDeserializer(), new ByteArrayDeserializer());
            TestOutputTopic<byte[], byte[]> deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.topicName(),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            KeyValueStore<Long, byte[]> pending = driver.getKeyValueStore(TaggingSettings.defaults(task.name()).pendingStoreName());

            List<KeyValue<String, byte[]>> good = LogKeysFixtures.events(0, 40).subList(0, BATCH + 3);
            good.subList(0, 3).forEach(record -> events.pipeInput(record.key, record.value));
            events.pipeInput("bad", "{\"token\":\"five\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(verdicts.isEmpty()).as("three events wait for their batch").isTrue();
            assertThat(pending.approximateNumEntries()).isEqualTo(3);
            assertThat(deadLetters.readRecordsToList()).as("the bad event, at once").hasSize(1);

            driver.advanceWallClockTime(TaggingSettings.defaults(task.name()).batchMaxWait());
            assertThat(verdicts.readKeyValuesToList()).as("the wait is over").hasSize(3);
            good.subList(3, good.size()).forEach(record -> events.pipeInput(record.key, record.value));
            assertThat(verdicts.readKeyValuesToList()).as("a full batch goes at once").hasSize(BATCH);
            assertThat(pending.approximateNumEntries()).isZero();
        }
    }

    @Test
    void batchedOutputsCarryTheirInputsHeadersAndAnEventWaitingInTheFirstFormatIsStillStepped() throws Exception {
        ModelBundle bundle = LogKeysFixtures.tinyModel(dir.resolve("headers.bundle"));
        LogKeysTask task = new LogKeysTask();
        var model = task.model(bundle, Settings.defaults());
        try (TopologyTestDriver driver = new TopologyTestDriver(task.topology(() -> model, batched(BATCH), new SimpleMeterRegistry()),
                StreamsProperties.base("batched-headers", "127.0.0.1:1", dir.resolve("headers-state")))) {
            TestInputTopic<String, byte[]> events = driver.createInputTopic(task.input().topicName(), new StringSerializer(),
                    new ByteArraySerializer());
            TestOutputTopic<String, byte[]> verdicts = driver.createOutputTopic(Topics.ANOMALIES.topicName(),
                    new StringDeserializer(), new ByteArrayDeserializer());
            KeyValueStore<Long, byte[]> pending = driver.getKeyValueStore(TaggingSettings.defaults(task.name()).pendingStoreName());
            List<KeyValue<String, byte[]>> good = LogKeysFixtures.events(0, 40);

            RecordHeaders headers = new RecordHeaders();
            headers.add("trace", "t-1".getBytes(StandardCharsets.UTF_8));
            headers.add("empty", null);
            events.pipeInput(new TestRecord<>(good.get(0).key, good.get(0).value, headers, 5_000L));
            // what the first format stored at offset 7: timestamp, key length, key, value; no headers
            byte[] key = good.get(1).key.getBytes(StandardCharsets.UTF_8);
            pending.put(7L, ByteBuffer.allocate(Long.BYTES + Integer.BYTES + key.length + good.get(1).value.length)
                    .putLong(6_000L).putInt(key.length).put(key).put(good.get(1).value).array());
            driver.advanceWallClockTime(TaggingSettings.defaults(task.name()).batchMaxWait());

            List<TestRecord<String, byte[]>> out = verdicts.readRecordsToList();
            assertThat(out).extracting(TestRecord::key).containsExactly(good.get(0).key, good.get(1).key);
            assertThat(out.get(0).headers().lastHeader("trace").value()).isEqualTo("t-1".getBytes(StandardCharsets.UTF_8));
            assertThat(out.get(0).headers().lastHeader("empty").value()).isNull();
            assertThat(out.get(0).timestamp()).isEqualTo(5_000L);
            assertThat(out.get(1).headers().toArray()).isEmpty();
            assertThat(out.get(1).timestamp()).isEqualTo(6_000L);
            assertThat(pending.approximateNumEntries()).isZero();
        }
    }

    private static <M extends LiveModel.Swappable<M>> void assertBatchedEqualsPerRecord(
            Task<M, ?> task, ModelBundle bundle, List<KeyValue<String, byte[]>> input, List<String> outputs) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            records.add(new ConsumerRecord<>(task.input().topicName(), 0, i, 1_000L + i, null, 0, 0,
                    input.get(i).key, input.get(i).value, new RecordHeaders(),
                    java.util.Optional.empty()));
        }
        Map<String, List<KeyValue<String, byte[]>>> perRecord = UninterruptedRun.outputs(task, bundle, records, outputs,
                dir.resolve(task.name() + "-per-record"));
        Map<String, List<KeyValue<String, byte[]>>> batched = new LinkedHashMap<>();
        M model = task.model(bundle, Settings.defaults());
        try (TopologyTestDriver driver = new TopologyTestDriver(task.topology(() -> model, batched(BATCH), new SimpleMeterRegistry()),
                StreamsProperties.base("batched-" + task.name(), "127.0.0.1:1", dir.resolve(task.name() + "-batched")))) {
            TestInputTopic<String, byte[]> topic = driver.createInputTopic(task.input().topicName(), new StringSerializer(),
                    new ByteArraySerializer());
            records.forEach(record -> topic.pipeInput(record.key(), record.value(), record.timestamp()));
            driver.advanceWallClockTime(Duration.ofSeconds(1));
            for (String output : outputs) {
                batched.put(output, driver.createOutputTopic(output, new StringDeserializer(), new ByteArrayDeserializer())
                        .readKeyValuesToList());
            }
        }
        for (String output : outputs) {
            assertThat(perRecord.get(output)).as(output).isNotEmpty();
            PositionedOutputs.assertSame(output, perRecord.get(output), batched.get(output), FLOAT32_TOLERANCE);
        }
    }

    /** The defaults, with events stepped in batches of {@code size}. */
    private static Settings batched(int size) {
        return Settings.defaults().with(TaggingSettings.BATCH_SIZE, size);
    }

    /** The sequences' records mixed as many concurrent sequences send them: each sequence's order kept, seeded. */
    private static List<KeyValue<String, byte[]>> interleaved(List<KeyValue<String, byte[]>> records) {
        Map<String, Deque<KeyValue<String, byte[]>>> bySequence = new LinkedHashMap<>();
        records.forEach(record -> bySequence.computeIfAbsent(record.key, key -> new ArrayDeque<>()).add(record));
        List<Deque<KeyValue<String, byte[]>>> open = new ArrayList<>(bySequence.values());
        Random random = new Random(17);
        List<KeyValue<String, byte[]>> mixed = new ArrayList<>(records.size());
        while (!open.isEmpty()) {
            int pick = random.nextInt(Math.min(open.size(), 12)); // about a dozen sequences open at a time
            mixed.add(open.get(pick).removeFirst());
            if (open.get(pick).isEmpty()) {
                open.remove(pick);
            }
        }
        return mixed;
    }
}

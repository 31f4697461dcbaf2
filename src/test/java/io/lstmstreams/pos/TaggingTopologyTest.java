package io.lstmstreams.pos;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.header.Headers;
import io.lstmstreams.wire.Labels;
import io.lstmstreams.kafka.DeadLetters;
import io.lstmstreams.kafka.StreamsProperties;
import io.lstmstreams.metrics.PipelineMeters;
import io.lstmstreams.tagging.TaggerFactory;
import io.lstmstreams.tagging.TaggingSettings;
import io.lstmstreams.tagging.TaggingTopology;
import io.lstmstreams.wire.LabelRecord;
import io.lstmstreams.wire.TagRecord;
import io.lstmstreams.wire.TokenEvent;
import io.lstmstreams.wire.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaggingTopologyTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private static final TaggingSettings SETTINGS =
            new TaggingSettings("pos-sequences", Duration.ofMinutes(5), Duration.ofSeconds(10), 40, 8, 1,
                    Duration.ofMillis(50));

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> tokens;
    private TestOutputTopic<String, byte[]> tags;

    private void start(PosModel model) {
        start(() -> model);
    }

    private void start(java.util.function.Supplier<TaggerFactory<TagRecord>> models) {
        driver = new TopologyTestDriver(
                TaggingTopology.build(Topics.TOKENS, Topics.TAGS, models, SETTINGS,
                        PipelineMeters.bound(PosTask.NAME, () -> models.get().version(), meters)),
                StreamsProperties.base("tagging-test", "127.0.0.1:1", stateDir));
        tokens = driver.createInputTopic(Topics.TOKENS.topicName(), new StringSerializer(), new ByteArraySerializer());
        tags = driver.createOutputTopic(Topics.TAGS.topicName(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private KeyValueStore<String, byte[]> store() {
        return driver.getKeyValueStore(SETTINGS.storeName());
    }

    private List<TagRecord> readTags() {
        return tags.readValuesToList().stream().map(TagRecord::fromJson).toList();
    }

    @Test
    void tagsEveryTokenUnderItsSequenceAndDropsTheStateAtTheEnd() {
        start(PosTaggerTest.model(0, 1));

        tokens.pipeInput("a", TokenEvent.of("I", null, false).toJson());
        tokens.pipeInput("b", TokenEvent.of("Hello", null, false).toJson());
        tokens.pipeInput("a", TokenEvent.of("go", null, true).toJson());

        List<TagRecord> out = readTags();
        assertThat(out).extracting(TagRecord::sequence, TagRecord::position, TagRecord::token)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 0, "I"),
                        org.assertj.core.groups.Tuple.tuple("b", 0, "Hello"),
                        org.assertj.core.groups.Tuple.tuple("a", 1, "go"));
        assertThat(store().get("a")).isNull();
        assertThat(store().get("b")).isNotNull();
    }

    @Test
    void streamedTagsEqualOfflineEvaluationWithLookahead() {
        PosModel model = PosTaggerTest.model(2, 5);
        start(model);

        for (var sentence : PosTaggerTest.SAMPLE) {
            for (TokenEvent event : PosEvaluation.events(sentence)) {
                tokens.pipeInput(sentence.id(), event.toJson());
            }
        }

        assertThat(readTags()).isEqualTo(PosEvaluation.evaluate(model, PosTaggerTest.SAMPLE).tags());
    }

    @Test
    void aSwapLandsBetweenRecordsAndRebuildsTheStateSoNoTokenIsLostOrRepeated() {
        PosModel before = PosTaggerTest.model(2, 1, 7);
        PosModel after = PosTaggerTest.model(2, 2, 8);
        java.util.concurrent.atomic.AtomicReference<TaggerFactory<TagRecord>> live = new java.util.concurrent.atomic.AtomicReference<>(before);
        start(live::get);
        var sentence = PosTaggerTest.SAMPLE.get(0);
        List<TokenEvent> events = PosEvaluation.events(sentence);

        events.subList(0, 3).forEach(event -> tokens.pipeInput(sentence.id(), event.toJson()));
        live.set(after);
        events.subList(3, events.size()).forEach(event -> tokens.pipeInput(sentence.id(), event.toJson()));

        List<TagRecord> out = readTags();
        assertThat(out).extracting(TagRecord::position).containsExactly(0, 1, 2, 3, 4);
        assertThat(out).extracting(TagRecord::token).containsExactlyElementsOf(sentence.words());
        assertThat(out).extracting(TagRecord::modelVersion).containsExactly(7L, 8L, 8L, 8L, 8L);
        // The rebuilt state is exactly what the new model computes over the whole sentence.
        assertThat(out.subList(1, 5)).isEqualTo(PosEvaluation.evaluate(after, List.of(sentence)).tags().subList(1, 5));
    }

    @Test
    void labelledEventsGoToTheLabelsTopicWithTheirPosition() {
        start(PosTaggerTest.model(2, 1));
        TestOutputTopic<String, byte[]> labels = driver.createOutputTopic(Topics.LABELS.topicName(),
                new StringDeserializer(), new ByteArrayDeserializer());

        tokens.pipeInput("a", TokenEvent.of("I", "PRON", false).toJson());
        tokens.pipeInput("a", TokenEvent.of("go", null, false).toJson());
        tokens.pipeInput("a", TokenEvent.of(".", "PUNCT", true).toJson());

        assertThat(labels.readValuesToList().stream().map(LabelRecord::fromJson).toList())
                .extracting(LabelRecord::task, LabelRecord::sequence, LabelRecord::position, LabelRecord::tag, LabelRecord::end)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("pos", "a", 0, "PRON", false),
                        org.assertj.core.groups.Tuple.tuple("pos", "a", 2, "PUNCT", true));
    }

    @Test
    void labelsNameTheirTaskInAHeaderSoOtherTasksFeedsSkipThemUnparsed() {
        start(PosTaggerTest.model(2, 1));
        TestOutputTopic<String, byte[]> labels = driver.createOutputTopic(Topics.LABELS.topicName(),
                new StringDeserializer(), new ByteArrayDeserializer());

        tokens.pipeInput("a", TokenEvent.of("I", "PRON", true).toJson());

        Headers headers = labels.readRecord().headers();
        assertThat(Labels.mayBelongTo(headers, "pos")).isTrue();
        assertThat(Labels.mayBelongTo(headers, "logkeys")).isFalse();
    }

    @Test
    void theBinderCountsRecordsInAndOutByModelVersionAndDeadLettersByReason() {
        start(PosTaggerTest.model(0, 1, 3));

        tokens.pipeInput("a", TokenEvent.of("I", null, false).toJson());
        tokens.pipeInput("a", TokenEvent.of("go", null, true).toJson());
        tokens.pipeInput("a", "{\"token\":".getBytes(StandardCharsets.UTF_8));

        assertThat(meters.get("lstm.pipeline.records.in").tag("task", "pos").counter().count()).isEqualTo(3);
        assertThat(meters.get("lstm.pipeline.records.out").tag("topic", Topics.TAGS.topicName())
                .tag("model.version", "3").counter().count()).isEqualTo(2);
        assertThat(meters.get("lstm.dead.letters").tag("reason", "invalid").counter().count()).isEqualTo(1);
        assertThat(meters.get("lstm.pipeline.step").timer().count()).isEqualTo(2);
        assertThat(meters.get("lstm.pipeline.model.version").gauge().value()).isEqualTo(3);
        assertThat(meters.get("lstm.state.store.calls").tag("operation", "delete").timer().count()).isEqualTo(1);
    }

    @Test
    void theBinderCountsOnlineAccuracyOnGoldTagsAndTheEndToEndLatencyOfEveryTag() {
        start(PosTaggerTest.model(2, 1, 3));
        var sentence = PosTaggerTest.SAMPLE.get(0);
        for (int i = 0; i < sentence.length(); i++) {
            tokens.pipeInput("a", TokenEvent.of(sentence.words().get(i), sentence.tags().get(i), i == sentence.length() - 1)
                    .toJson(), System.currentTimeMillis() - 1000);
        }
        tokens.pipeInput("b", TokenEvent.of("unlabelled", null, true).toJson());
        List<TagRecord> emitted = readTags();
        long agreed = emitted.stream().filter(tag -> tag.tag().equals(tag.gold())).count();

        assertThat(labelled("correct")).isEqualTo(agreed);
        assertThat(labelled("wrong")).isEqualTo(sentence.length() - agreed);
        assertThat(meters.get("lstm.pipeline.end.to.end").timer().count()).isEqualTo(emitted.size());
        assertThat(meters.get("lstm.pipeline.end.to.end").timer().max(TimeUnit.MILLISECONDS))
                .isGreaterThanOrEqualTo(1000);
        assertThat(meters.find("lstm.pipeline.anomalies").counters()).as("a tagger flags no anomalies").isEmpty();
    }

    /** Outputs of model version 3 counted as agreeing with their gold tag ({@code correct}) or not ({@code wrong}). */
    private double labelled(String result) {
        return meters.find("lstm.pipeline.labelled.outputs").tag("model.version", "3").tag("result", result).counters()
                .stream().mapToDouble(Counter::count).sum();
    }

    @Test
    void aStateThatDoesNotDecodeIsResetWithAMetricAndItsSequenceStartsAfresh() {
        start(PosTaggerTest.model(0, 1));
        tokens.pipeInput("a", TokenEvent.of("I", null, false).toJson());
        tokens.pipeInput("b", TokenEvent.of("You", null, false).toJson());
        store().put("a", new byte[] {1, 2, 3}); // truncated
        store().put("b", "garbage of an unknown format".getBytes(StandardCharsets.UTF_8));

        tokens.pipeInput("a", TokenEvent.of("go", null, false).toJson());
        driver.advanceWallClockTime(Duration.ofSeconds(11)); // idle expiry scans every key: b's bytes cannot say its age

        assertThat(readTags()).extracting(TagRecord::sequence, TagRecord::position).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", 0), org.assertj.core.groups.Tuple.tuple("b", 0),
                org.assertj.core.groups.Tuple.tuple("a", 0));
        assertThat(store().get("b")).isNull();
        tokens.pipeInput("b", TokenEvent.of("see", null, true).toJson());
        assertThat(readTags()).extracting(TagRecord::sequence, TagRecord::position)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b", 0));
        assertThat(meters.get("lstm.state.reset").tag("task", "pos").tag("reason", "corrupt").counter().count())
                .isEqualTo(2);
        assertThat(meters.get("lstm.dead.letters").counters()).allSatisfy(c -> assertThat(c.count()).isZero());
    }

    @Test
    void idleSequencesExpireAndStartAfresh() {
        start(PosTaggerTest.model(0, 1));
        tokens.pipeInput("a", TokenEvent.of("I", null, false).toJson());
        tokens.pipeInput("a", TokenEvent.of("can", null, false).toJson());

        driver.advanceWallClockTime(Duration.ofMinutes(4));
        assertThat(store().get("a")).isNotNull();
        driver.advanceWallClockTime(Duration.ofMinutes(2));
        assertThat(store().get("a")).isNull();

        tokens.pipeInput("a", TokenEvent.of("go", null, false).toJson());
        assertThat(readTags()).extracting(TagRecord::position).containsExactly(0, 1, 0);
    }

    @Test
    void malformedRecordsGoToDeadLettersWithTheReasonAndTheSourceAndTheStreamGoesOn() {
        start(PosTaggerTest.model(0, 1));
        TestOutputTopic<byte[], byte[]> deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.topicName(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());

        tokens.pipeInput("a", "{\"token\":".getBytes(StandardCharsets.UTF_8));
        tokens.pipeInput("a", "{\"tag\":\"NOUN\"}".getBytes(StandardCharsets.UTF_8));
        tokens.pipeInput("a", "{\"token\":42}".getBytes(StandardCharsets.UTF_8));
        tokens.pipeInput("a", TokenEvent.of("x".repeat(41), null, false).toJson());
        tokens.pipeInput((String) null, TokenEvent.of("dog", null, false).toJson());
        tokens.pipeInput("a", TokenEvent.of("dog", null, true).toJson());

        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        List<String> reasons = List.of("value is not JSON", "missing field 'token'", "field 'token' must be a string",
                "exceeds the limit of 40", "record has no key");
        assertThat(dead).hasSameSizeAs(reasons);
        for (int i = 0; i < dead.size(); i++) {
            assertThat(header(dead.get(i), "__streams.errors.message")).contains(reasons.get(i));
            assertThat(header(dead.get(i), "__streams.errors.topic")).isEqualTo(Topics.TOKENS.topicName());
            assertThat(header(dead.get(i), "__streams.errors.partition")).isEqualTo("0");
            assertThat(header(dead.get(i), "__streams.errors.offset")).isEqualTo(Integer.toString(i));
        }
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{\"token\":");
        assertThat(readTags()).extracting(TagRecord::token).containsExactly("dog");
    }

    @Test
    void aMegabyteTokenAndAnOverlongKeyAreDeadLetteredWithinBoundsAndTheNextTokenIsTagged() {
        start(PosTaggerTest.model(0, 1));
        TestOutputTopic<byte[], byte[]> deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.topicName(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        byte[] megabyte = TokenEvent.of("x".repeat(1 << 20), null, false).toJson();

        tokens.pipeInput("a", megabyte);
        tokens.pipeInput("k".repeat(5000), TokenEvent.of("dog", null, false).toJson());
        tokens.pipeInput("a", TokenEvent.of("dog", null, true).toJson());

        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(2);
        assertThat(header(dead.get(0), "__streams.errors.message")).isEqualTo("token of 1048576 characters exceeds the limit of 40");
        assertThat(dead.get(0).value()).hasSize(DeadLetters.MAX_VALUE_BYTES);
        assertThat(header(dead.get(0), DeadLetters.VALUE_BYTES)).isEqualTo(String.valueOf(megabyte.length));
        assertThat(header(dead.get(1), "__streams.errors.message")).isEqualTo("key of 5000 characters exceeds the limit of 1000");
        assertThat(dead.get(1).key()).hasSize(DeadLetters.MAX_KEY_BYTES);
        assertThat(header(dead.get(1), DeadLetters.KEY_BYTES)).isEqualTo("5000");
        assertThat(header(dead.get(1), "__streams.errors.offset")).isEqualTo("1");
        assertThat(readTags()).extracting(TagRecord::token).containsExactly("dog");
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "<no header " + name + ">" : new String(header.value(), StandardCharsets.UTF_8);
    }
}

package io.lstmstreams.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.kafka.StreamsProperties;
import io.lstmstreams.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    private static final TaggingSettings SETTINGS =
            new TaggingSettings("pos-sequences", Duration.ofMinutes(5), Duration.ofSeconds(10), 40);

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> tokens;
    private TestOutputTopic<String, byte[]> tags;

    private void start(PosModel model) {
        driver = new TopologyTestDriver(
                TaggingTopology.build(Topics.TOKENS, Topics.TAGS, model::newTagger, SETTINGS),
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

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "<no header " + name + ">" : new String(header.value(), StandardCharsets.UTF_8);
    }
}

package io.lstmstreams.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.wire.Topic;
import io.lstmstreams.wire.Topics;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.errors.internals.DefaultErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContinuePastRefusedRecordsTest {

    @TempDir
    Path stateDir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void anOutputOverTheBindingsLimitIsSkippedWithACountAndADeadLetterAndTheStreamGoesOn() {
        // Any input "big" becomes an output one byte over the limit of the binding it is written through.
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Topics.TOKENS.topicName(), Topics.TOKENS.consumed())
                .mapValues((key, value) -> key.equals("big") ? new byte[Topic.MAX_VALUE_BYTES + 1] : value)
                .to(Topics.LABELS.topicName(), Topics.LABELS.produced());
        Metrics.addRegistry(meters); // Kafka Streams makes the handler, which counts into the global registry
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(),
                StreamsProperties.base("refused-test", "127.0.0.1:1", stateDir))) {
            TestInputTopic<String, byte[]> in = driver.createInputTopic(Topics.TOKENS.topicName(), new StringSerializer(),
                    new ByteArraySerializer());
            TestOutputTopic<String, byte[]> out = driver.createOutputTopic(Topics.LABELS.topicName(),
                    new StringDeserializer(), new ByteArrayDeserializer());
            TestOutputTopic<byte[], byte[]> dead = driver.createOutputTopic(Topics.DEAD_LETTERS.topicName(),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());

            in.pipeInput("big", utf8("small input"));
            in.pipeInput("next", utf8("fine"));

            List<TestRecord<byte[], byte[]>> letters = dead.readRecordsToList();
            assertThat(letters).hasSize(1);
            assertThat(header(letters.get(0), DeadLetters.REASON)).contains("over the limit of " + Topic.MAX_VALUE_BYTES);
            assertThat(header(letters.get(0), DeadLetters.TOPIC)).isEqualTo(Topics.TOKENS.topicName());
            assertThat(header(letters.get(0), DeadLetters.OFFSET)).isEqualTo("0");
            assertThat(out.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("next");
            assertThat(count(Topics.LABELS.topicName(), "RecordTooLargeException")).isEqualTo(1);
        } finally {
            Metrics.removeRegistry(meters);
        }
    }

    @Test
    void aDeadLetterTheProducerRefusesIsSkippedWithoutAnotherDeadLetter() {
        ContinuePastRefusedRecords handler = configured();

        ProductionExceptionHandler.Response response = handler.handleError(context(new byte[2 << 20]),
                new ProducerRecord<>(Topics.DEAD_LETTERS.topicName(), new byte[0]), new RecordTooLargeException("2 MiB"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
        assertThat(count(Topics.DEAD_LETTERS.topicName(), "RecordTooLargeException")).isEqualTo(1);
    }

    @Test
    void anOutputTheProducerRefusesIsSkippedWithABoundedDeadLetterOfItsInput() {
        ContinuePastRefusedRecords handler = configured();

        ProductionExceptionHandler.Response response = handler.handleError(context(new byte[2 << 20]),
                new ProducerRecord<>(Topics.TAGS.topicName(), new byte[0]), new RecordTooLargeException("2 MiB"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(letter -> {
            assertThat(letter.topic()).isEqualTo(Topics.DEAD_LETTERS.topicName());
            assertThat(letter.value()).hasSize(DeadLetters.MAX_VALUE_BYTES);
            assertThat(new String(letter.headers().lastHeader(DeadLetters.OFFSET).value(), StandardCharsets.UTF_8)).isEqualTo("42");
        });
    }

    @Test
    void aBrokerAwayIsRetriedAsByDefault() {
        ProductionExceptionHandler.Response response = configured().handleError(context(utf8("x")),
                new ProducerRecord<>(Topics.TAGS.topicName(), new byte[0]), new NotLeaderOrFollowerException("moved"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RETRY);
        assertThat(meters.find("lstm.production.errors").counters()).isEmpty();
    }

    private ContinuePastRefusedRecords configured() {
        ContinuePastRefusedRecords handler = new ContinuePastRefusedRecords(meters);
        handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.DEAD_LETTERS.topicName()));
        return handler;
    }

    private static ErrorHandlerContext context(byte[] sourceValue) {
        return new DefaultErrorHandlerContext(null, Topics.TOKENS.topicName(), 3, 42, new RecordHeaders(), "sink",
                new TaskId(0, 3), 1_000L, utf8("key"), sourceValue);
    }

    private double count(String topic, String exception) {
        return meters.get("lstm.production.errors").tag("topic", topic).tag("exception", exception).counter().count();
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

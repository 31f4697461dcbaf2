package io.lstmstreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.config.ConfigKey;
import io.lstmstreams.config.Setting;
import io.lstmstreams.data.Conllu;
import io.lstmstreams.data.LogSessions;
import io.lstmstreams.data.SeriesCsv;
import io.lstmstreams.forecast.ForecastTask;
import io.lstmstreams.kafka.CommittedRecords;
import io.lstmstreams.kafka.DeadLetters;
import io.lstmstreams.kafka.EmbeddedKafkaBroker;
import io.lstmstreams.kafka.KafkaBrokerExtension;
import io.lstmstreams.logkeys.LogKeysTask;
import io.lstmstreams.model.CellType;
import io.lstmstreams.pos.PosTask;
import io.lstmstreams.training.TrainingConfig;
import io.lstmstreams.wire.AnomalyVerdict;
import io.lstmstreams.wire.ForecastMessage;
import io.lstmstreams.wire.SeriesPoint;
import io.lstmstreams.wire.TagRecord;
import io.lstmstreams.wire.TokenEvent;
import io.lstmstreams.wire.Topic;
import io.lstmstreams.wire.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The records that used to stop {@code run}, on a real broker with all three pipelines in one app: a token of over
 * a megabyte on each tagging input and a 350 kB string value on the series; each is dead-lettered within bounds,
 * the good records after it come out, and every pipeline is still running.
 */
@ExtendWith(KafkaBrokerExtension.class)
public class PoisonPillIT {

    static final Path EWT_DEV = Path.of("src/main/resources/data/ewt/en_ewt-ud-dev.conllu.gz");
    static final Path HDFS = Path.of("src/main/resources/data/hdfs/hdfs_train");
    public static final Path AIR_PASSENGERS = Path.of("src/main/resources/data/series/AirPassengers.csv");
    static final TrainingConfig QUICK = new TrainingConfig(TrainingConfig.Optimizer.ADAM, 1e-2, 5.0, 32, 1, 1, 0.1, 1);
    static final long MINUTE = 60_000;

    @TempDir
    Path dir;

    @Test
    void oversizedRecordsOnEveryInputAreDeadLetteredAndThePipelinesGoOn(EmbeddedKafkaBroker kafka) throws Exception {
        KafkaBrokerExtension.createTopics(kafka);
        AppConfig config = AppConfig.load(List.of(
                setting(ConfigKey.BOOTSTRAP_SERVERS.name(), kafka.bootstrapServers()),
                setting(Tasks.PIPELINES.name(), "pos,logkeys,forecast"),
                setting("pos.model", posModel(dir).toString()),
                setting("logkeys.model", logKeysModel(dir).toString()),
                setting("forecast.model", forecastModel(dir).toString()),
                setting(ConfigKey.STATE_DIR.name(), dir.resolve("state").toString()),
                setting(ConfigKey.RETRAIN_ENABLED.name(), "false")), Map.of(), null);
        String megabyte = "x".repeat((1 << 20) + 1);
        long minute = System.currentTimeMillis() / MINUTE * MINUTE;

        try (LstmStreamsApp app = LstmStreamsApp.start(config);
             KafkaProducer<String, byte[]> producer = largeRecordProducer(kafka)) {
            send(producer, Topics.TOKENS, List.of(
                    KeyValue.pair("s", TokenEvent.of(megabyte, null, false).toJson()),
                    KeyValue.pair("s", TokenEvent.of("The", null, false).toJson()),
                    KeyValue.pair("s", TokenEvent.of("dog", null, true).toJson())));
            send(producer, Topics.EVENTS, List.of(
                    KeyValue.pair("session", TokenEvent.of(megabyte, null, false).toJson()),
                    KeyValue.pair("session", TokenEvent.of("5", null, false).toJson()),
                    KeyValue.pair("session", TokenEvent.of("22", null, true).toJson())));
            // One point per minute in the middle of its window, the last at most now: each closes the window before it.
            List<KeyValue<String, byte[]>> points = new ArrayList<>();
            for (int i = 4; i >= 1; i--) {
                points.add(KeyValue.pair("air", SeriesPoint.of(minute - i * MINUTE + MINUTE / 2, 100 + i).toJson()));
                if (i == 3) {
                    points.add(KeyValue.pair("air", ("{\"time\":" + minute + ",\"value\":\"" + "9".repeat(350_000) + "\"}")
                            .getBytes(StandardCharsets.UTF_8)));
                }
            }
            send(producer, Topics.SERIES, points);

            List<TagRecord> tags = CommittedRecords.read(kafka, Topics.TAGS, 2, TagRecord::fromJson);
            List<AnomalyVerdict> verdicts = CommittedRecords.read(kafka, Topics.ANOMALIES, 2, AnomalyVerdict::fromJson);
            List<ForecastMessage.Forecast> forecasts = CommittedRecords.read(kafka, Topics.FORECASTS, 3,
                    json -> ForecastMessage.parse(json, ForecastMessage.Forecast.class));
            List<ConsumerRecord<byte[], byte[]>> dead = deadLetters(kafka, 3);

            assertThat(tags).extracting(TagRecord::token).containsExactly("The", "dog");
            assertThat(verdicts).extracting(AnomalyVerdict::event).containsExactly("5", "22");
            assertThat(forecasts).extracting(ForecastMessage.Forecast::windowEnd)
                    .containsExactly(minute - 3 * MINUTE, minute - 2 * MINUTE, minute - MINUTE);
            assertThat(dead).hasSize(3).allSatisfy(letter ->
                    assertThat(letter.serializedValueSize()).isEqualTo(DeadLetters.MAX_VALUE_BYTES));
            assertThat(dead).extracting(letter -> header(letter, DeadLetters.TOPIC) + "@" + header(letter, DeadLetters.OFFSET))
                    .containsExactlyInAnyOrder(Topics.TOKENS.topicName() + "@0", Topics.EVENTS.topicName() + "@0",
                            Topics.SERIES.topicName() + "@2"); // after two good points
            assertThat(app.failures()).isEmpty();
        }
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** The broker takes 64 MiB records; the project's own producers are limited to Kafka's default 1 MiB. */
    static KafkaProducer<String, byte[]> largeRecordProducer(EmbeddedKafkaBroker kafka) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 << 20);
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<String, byte[]> producer, Topic<String, byte[]> topic,
                             List<KeyValue<String, byte[]>> records) throws InterruptedException, ExecutionException {
        for (KeyValue<String, byte[]> record : records) {
            producer.send(new ProducerRecord<>(topic.topicName(), record.key, record.value)).get();
        }
    }

    static List<ConsumerRecord<byte[], byte[]>> deadLetters(EmbeddedKafkaBroker kafka, int expected) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "poison-dead-letters");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.DEAD_LETTERS.topicName()));
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(java.time.Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    static Path posModel(Path dir) throws IOException {
        Path bundle = dir.resolve("pos.bundle");
        PosTask.train(Conllu.read(EWT_DEV).subList(200, 260), new PosTask.Options(0, CellType.LSTM, 16, 1, 0.0, 8, 4, 256, 1, 0, QUICK),
                null, 0, 1, report -> { }).write(bundle);
        return bundle;
    }

    static Path logKeysModel(Path dir) throws IOException {
        Path bundle = dir.resolve("logkeys.bundle");
        LogKeysTask.train(LogSessions.read(HDFS).subList(0, 200), new LogKeysTask.Options(CellType.LSTM, 8, 1, 0.0, 4, QUICK), 1,
                report -> { }).write(bundle);
        return bundle;
    }

    public static Path forecastModel(Path dir) throws IOException {
        Path bundle = dir.resolve("forecast.bundle");
        ForecastTask.train(List.of(SeriesCsv.read(AIR_PASSENGERS)), 12, new ForecastTask.Options(3, CellType.LSTM, 4, 1, 0.0, QUICK), 1,
                report -> { }).write(bundle);
        return bundle;
    }

    static Setting setting(String key, String value) {
        return new Setting(key, value, "test");
    }
}

package io.lstmstreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.config.ConfigKey;
import io.lstmstreams.data.Conllu;
import io.lstmstreams.data.LogSessions;
import io.lstmstreams.data.Sentence;
import io.lstmstreams.kafka.CommittedRecords;
import io.lstmstreams.kafka.DeadLetters;
import io.lstmstreams.kafka.EmbeddedKafkaBroker;
import io.lstmstreams.kafka.KafkaBrokerExtension;
import io.lstmstreams.logkeys.LogKeysTask;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.pos.PosTask;
import io.lstmstreams.registry.CurrentVersion;
import io.lstmstreams.wire.AnomalyVerdict;
import io.lstmstreams.wire.ForecastMessage;
import io.lstmstreams.wire.Labels;
import io.lstmstreams.wire.SeriesPoint;
import io.lstmstreams.wire.TagRecord;
import io.lstmstreams.wire.Topic;
import io.lstmstreams.wire.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input of every kind mixed into good traffic, on every input topic, with the three pipelines and
 * retraining's feeds in one app on a real broker. The good traffic goes twice, under {@code clean-} keys alone and
 * under {@code mixed-} keys with the bad records among its own (mid-sequence, same key): every bad record is
 * dead-lettered with its reason (matched by source offset), the mixed outputs equal the clean ones, records in =
 * out + dead per tagging pipeline, bad bundles and pointers on {@code lstm.models} are rejected with a metric while
 * the running model stays, and nothing stops.
 */
@ExtendWith(KafkaBrokerExtension.class)
class HostileInputIT {

    static final long MINUTE = PoisonPillIT.MINUTE;
    /** A long past and a far future, as record timestamps: tagging does not read them, so they are good input there. */
    static final long YEAR_1970 = 0L;
    static final long FIFTY_MINUTES = 50 * MINUTE;

    /** A bad record and the words its dead letter's reason must contain. */
    record Bad(String kind, String key, byte[] value, String reason) {
    }

    @TempDir
    Path dir;

    @Test
    void everyKindOfBadRecordIsDeadLetteredWithItsReasonAndTheGoodOutputsAreThoseOfACleanRun(EmbeddedKafkaBroker kafka)
            throws Exception {
        KafkaBrokerExtension.createTopics(kafka);
        Path posBundle = PoisonPillIT.posModel(dir);
        AppConfig config = AppConfig.load(List.of(
                PoisonPillIT.setting(ConfigKey.BOOTSTRAP_SERVERS.name(), kafka.bootstrapServers()),
                PoisonPillIT.setting(Tasks.PIPELINES.name(), "pos,logkeys,forecast"),
                PoisonPillIT.setting("pos.model", posBundle.toString()),
                PoisonPillIT.setting("logkeys.model", PoisonPillIT.logKeysModel(dir).toString()),
                PoisonPillIT.setting("forecast.model", PoisonPillIT.forecastModel(dir).toString()),
                PoisonPillIT.setting(ConfigKey.STATE_DIR.name(), dir.resolve("state").toString()),
                // the label feeds and the leadership run; no run trains
                PoisonPillIT.setting(ConfigKey.RETRAIN_MIN_NEW_LABELS.name(), "1000000")), Map.of(), null);

        List<Sentence> sentences = Conllu.read(PoisonPillIT.EWT_DEV).subList(0, 3);
        List<KeyValue<String, byte[]>> tokens = PosTask.records(sentences);
        List<KeyValue<String, byte[]>> events = LogKeysTask.records(LogSessions.read(PoisonPillIT.HDFS).subList(0, 3),
                i -> "session-" + i);
        long minute = System.currentTimeMillis() / MINUTE * MINUTE;
        List<KeyValue<String, byte[]>> points = new ArrayList<>();
        for (int i = 4; i >= 1; i--) {
            points.add(KeyValue.pair("air", SeriesPoint.of(minute - i * MINUTE + MINUTE / 2, 100 + i).toJson()));
        }

        try (LstmStreamsApp app = LstmStreamsApp.start(config);
             KafkaProducer<String, byte[]> producer = PoisonPillIT.largeRecordProducer(kafka)) {
            double versionBefore = modelVersion("pos");
            long rejectedBefore = rejected("pos");
            Counts posBefore = Counts.of("pos", Topics.TOKENS, Topics.TAGS);
            Counts logKeysBefore = Counts.of("logkeys", Topics.EVENTS, Topics.ANOMALIES);
            Counts forecastBefore = Counts.of("forecast", Topics.SERIES, Topics.FORECASTS);
            int modelsRejected = hostileModels(producer, posBundle);
            awaitRejected("pos", rejectedBefore + modelsRejected);

            Map<String, Bad> badTokens = sendMixed(producer, Topics.TOKENS, tokens, HostileInputIT::badTokens);
            Map<String, Bad> badEvents = sendMixed(producer, Topics.EVENTS, events, HostileInputIT::badTokens);
            Map<String, Bad> badPoints = sendMixed(producer, Topics.SERIES, points, key -> badPoints(key, minute));
            hostileLabels(producer);

            List<TagRecord> tags = CommittedRecords.read(kafka, Topics.TAGS, 2 * tokens.size(), TagRecord::fromJson);
            List<AnomalyVerdict> verdicts = CommittedRecords.read(kafka, Topics.ANOMALIES, 2 * events.size(),
                    AnomalyVerdict::fromJson);
            List<ForecastMessage.Forecast> forecasts = CommittedRecords.read(kafka, Topics.FORECASTS, 2 * 3,
                    json -> ForecastMessage.parse(json, ForecastMessage.Forecast.class));
            List<ConsumerRecord<byte[], byte[]>> dead = PoisonPillIT.deadLetters(kafka,
                    badTokens.size() + badEvents.size() + badPoints.size());

            assertThat(app.failures()).isEmpty();
            assertDeadLettered(dead, Topics.TOKENS, badTokens);
            assertDeadLettered(dead, Topics.EVENTS, badEvents);
            assertDeadLettered(dead, Topics.SERIES, badPoints);
            assertSameForBothKeys(tags, TagRecord::sequence, tag -> List.of(tag.position(), tag.token(), tag.tag(),
                    tag.probability()));
            assertSameForBothKeys(verdicts, AnomalyVerdict::session, verdict -> List.of(verdict.position(),
                    verdict.event(), verdict.rank(), String.valueOf(verdict.endProbability()), verdict.anomalous()));
            assertSameForBothKeys(forecasts, ForecastMessage.Forecast::series, forecast -> List.of(forecast.windowEnd(),
                    Arrays.toString(forecast.values())));
            assertThat(tags).as("the old model stayed live").allSatisfy(tag ->
                    assertThat((double) tag.modelVersion()).isEqualTo(versionBefore));
            assertThat(modelVersion("pos")).isEqualTo(versionBefore);
            assertThat(rejected("pos") - rejectedBefore).isEqualTo(modelsRejected);
            Counts pos = Counts.of("pos", Topics.TOKENS, Topics.TAGS).minus(posBefore);
            Counts logKeys = Counts.of("logkeys", Topics.EVENTS, Topics.ANOMALIES).minus(logKeysBefore);
            Counts forecast = Counts.of("forecast", Topics.SERIES, Topics.FORECASTS).minus(forecastBefore);
            assertThat(pos).isEqualTo(new Counts(2L * tokens.size() + badTokens.size(), 2L * tokens.size(), badTokens.size()));
            assertThat(pos.in()).isEqualTo(pos.out() + pos.dead());
            assertThat(logKeys).isEqualTo(new Counts(2L * events.size() + badEvents.size(), 2L * events.size(), badEvents.size()));
            assertThat(logKeys.in()).isEqualTo(logKeys.out() + logKeys.dead());
            // forecasting: every point is either in a window (4 points, 3 closed windows per series) or dead
            assertThat(forecast).isEqualTo(new Counts(2L * points.size() + badPoints.size(), 2 * 3, badPoints.size()));
        }
    }

    /** Records of every kind a tagging input must refuse, under {@code key} (a sequence with good tokens too). */
    static List<Bad> badTokens(String key) {
        String megabyte = "x".repeat((1 << 20) + 1);
        byte[] good = json("{\"token\":\"5\"}");
        return List.of(
                new Bad("oversized", key, json("{\"token\":\"" + megabyte + "\"}"), "exceeds the limit"),
                new Bad("number overflow", key, json("{\"token\":\"5\",\"time\":99999999999999999999999}"), "epoch milliseconds"),
                new Bad("NaN as a string", key, json("{\"token\":\"5\",\"time\":\"NaN\"}"), "epoch milliseconds"),
                new Bad("bare Infinity", key, json("{\"token\":\"5\",\"time\":Infinity}"), "not JSON"),
                new Bad("negative time", key, json("{\"token\":\"5\",\"time\":-1}"), "epoch milliseconds"),
                new Bad("invalid UTF-8", key, bytes("{\"token\":\"", new byte[] {(byte) 0xC3, 0x28}, "\"}"), "not JSON"),
                new Bad("UTF-32 lookalike", key, new byte[] {0, 0, 0, '{', 0, 0, 0, '"', (byte) 0xD8, 0, 0, 0}, "not JSON"),
                new Bad("tombstone", key, null, "empty value"),
                new Bad("empty value", key, new byte[0], "empty value"),
                new Bad("null key", null, good, "no key"),
                new Bad("empty key", "", good, "empty key"),
                new Bad("oversized key", "k".repeat(2_000), good, "exceeds the limit of 1000"),
                new Bad("missing field", key, json("{\"tag\":\"NOUN\"}"), "missing field 'token'"),
                new Bad("duplicate field", key, json("{\"token\":\"5\",\"token\":\"22\"}"), "Duplicate field 'token'"),
                new Bad("wrong type", key, json("{\"token\":5}"), "must be a string"),
                new Bad("wrong type of end", key, json("{\"token\":\"5\",\"end\":\"yes\"}"), "must be true or false"),
                new Bad("empty string", key, json("{\"token\":\"\"}"), "is empty"),
                new Bad("not an object", key, json("[\"5\"]"), "not a JSON object"),
                new Bad("unknown version", key, json("{\"v\":99,\"token\":\"5\"}"), "unsupported format version"));
    }

    /** Points the forecasting pipeline must refuse, for series {@code key}, near {@code minute}. */
    static List<Bad> badPoints(String key, long minute) {
        long t = minute - 2 * MINUTE;
        return List.of(
                new Bad("oversized", key, json("{\"time\":" + t + ",\"value\":\"" + "9".repeat(350_000) + "\"}"), "finite number"),
                new Bad("time overflow", key, json("{\"time\":99999999999999999999999,\"value\":1}"), "epoch milliseconds"),
                new Bad("value overflow", key, json("{\"time\":" + t + ",\"value\":1e400}"), "finite number"),
                new Bad("NaN as a string", key, json("{\"time\":" + t + ",\"value\":\"NaN\"}"), "finite number"),
                new Bad("Infinity as a string", key, json("{\"time\":" + t + ",\"value\":\"Infinity\"}"), "finite number"),
                new Bad("bare NaN", key, json("{\"time\":" + t + ",\"value\":NaN}"), "not JSON"),
                new Bad("far future", key, json("{\"time\":" + (minute + 24 * 60 * MINUTE) + ",\"value\":1}"), "future"),
                new Bad("far past", key, json("{\"time\":0,\"value\":1}"), "past"),
                new Bad("negative time", key, json("{\"time\":-60000,\"value\":1}"), "epoch milliseconds"),
                new Bad("invalid UTF-8", key, bytes("{\"time\":" + t + ",\"value\":1,\"unit\":\"", new byte[] {(byte) 0xFF}, "\"}"), "not JSON"),
                new Bad("tombstone", key, null, "empty value"),
                new Bad("null key", null, SeriesPoint.of(t, 1).toJson(), "no key"),
                new Bad("empty key", "", SeriesPoint.of(t, 1).toJson(), "empty key"),
                new Bad("missing time", key, json("{\"value\":1}"), "missing field 'time'"),
                new Bad("missing value", key, json("{\"time\":" + t + "}"), "exactly one of"),
                new Bad("value and values", key, json("{\"time\":" + t + ",\"value\":1,\"values\":[1]}"), "exactly one of"),
                new Bad("duplicate field", key, json("{\"time\":" + t + ",\"time\":" + t + ",\"value\":1}"), "Duplicate field 'time'"),
                new Bad("wrong type of time", key, json("{\"time\":\"yesterday\",\"value\":1}"), "epoch milliseconds"),
                new Bad("wrong type of value", key, json("{\"time\":" + t + ",\"value\":true}"), "finite number"),
                new Bad("empty string", key, json("{\"time\":" + t + ",\"value\":\"\"}"), "finite number"),
                new Bad("empty array", key, json("{\"time\":" + t + ",\"values\":[]}"), "non-empty array"));
    }

    /**
     * Sends each good record under its {@code clean-} key and its {@code mixed-} key in turn (so both see the same
     * stream time), the bad ones after the first, under that record's key, and an extra field and far-off record
     * timestamps on the next good ones under the mixed key (tolerated: the outputs must not change).
     *
     * @return the bad records by where they went, {@code partition@offset}
     */
    private static Map<String, Bad> sendMixed(KafkaProducer<String, byte[]> producer, Topic<String, byte[]> topic,
                                            List<KeyValue<String, byte[]>> good, Function<String, List<Bad>> bad)
            throws Exception {
        Map<String, Bad> offsets = new HashMap<>();
        for (int i = 0; i < good.size(); i++) {
            KeyValue<String, byte[]> record = good.get(i);
            send(producer, topic, "clean-" + record.key, record.value, null);
            byte[] value = i == 1 ? withExtraField(record.value) : record.value;
            Long timestamp = topic == Topics.SERIES ? null // forecasting reads the point's own time; see badPoints
                    : i == 2 ? Long.valueOf(YEAR_1970) : i == 3 ? Long.valueOf(System.currentTimeMillis() + FIFTY_MINUTES) : null;
            send(producer, topic, "mixed-" + record.key, value, timestamp);
            if (i == 0) {
                for (Bad hostile : bad.apply("mixed-" + record.key)) {
                    offsets.put(send(producer, topic, hostile.key(), hostile.value(), null), hostile);
                }
            }
        }
        return offsets;
    }

    /** Bundles and pointers that must be refused; returns how many count as rejected. */
    private static int hostileModels(KafkaProducer<String, byte[]> producer, Path posBundle) throws Exception {
        byte[] bundle = Files.readAllBytes(posBundle);
        ModelBundle parsed = ModelBundle.read(posBundle);
        long next = parsed.metadata().modelVersion() + 50;
        send(producer, Topics.MODELS, "pos/" + next, json("not a bundle"), null);
        send(producer, Topics.MODELS, "pos/" + (next + 1), Arrays.copyOf(bundle, bundle.length / 2), null);
        byte[] flipped = bundle.clone();
        flipped[flipped.length / 2] ^= 1;
        send(producer, Topics.MODELS, "pos/" + (next + 2), flipped, null);
        send(producer, Topics.MODELS, "pos/" + (next + 3), bundle, null); // says another version than its key
        send(producer, Topics.MODELS, "pos/current", json("{\"version\":"), null);
        // Not counted: a pointer to a rejected version (logged, the running model stays), a key of no task. A null
        // key never gets in: the broker refuses it on a compacted topic.
        send(producer, Topics.MODELS, "pos/current", CurrentVersion.of(next, false, "hostile").toJson(), null);
        send(producer, Topics.MODELS, "no-slash", bundle, null);
        return 5;
    }

    /** Label records the retraining feeds must skip without stopping. */
    private static void hostileLabels(KafkaProducer<String, byte[]> producer) throws Exception {
        for (Bad bad : badTokens("label")) {
            producer.send(new ProducerRecord<>(Topics.LABELS.topicName(), null, null, bad.key(), bad.value(),
                    Labels.of("pos"))).get();
        }
        producer.send(new ProducerRecord<>(Topics.LABELS.topicName(), null, null, "label",
                json("{\"task\":\"pos\",\"sequence\":null,\"position\":2147483647,\"token\":\"x\",\"tag\":\"X\",\"end\":true}"),
                Labels.of("pos"))).get();
    }

    /** Sends and returns where the record went, {@code partition@offset}. */
    private static String send(KafkaProducer<String, byte[]> producer, Topic<?, ?> topic, String key, byte[] value,
                               Long timestamp) throws Exception {
        RecordMetadata sent = producer.send(new ProducerRecord<>(topic.topicName(), null, timestamp, key, value)).get();
        return sent.partition() + "@" + sent.offset();
    }

    /** Every bad record has exactly one dead letter, at its partition and offset, with its reason; no good record has one. */
    private static void assertDeadLettered(List<ConsumerRecord<byte[], byte[]>> dead, Topic<?, ?> topic, Map<String, Bad> bad) {
        Map<String, String> reasons = dead.stream().filter(letter -> PoisonPillIT.header(letter, DeadLetters.TOPIC).equals(topic.topicName()))
                .collect(Collectors.toMap(letter -> PoisonPillIT.header(letter, DeadLetters.PARTITION) + "@"
                        + PoisonPillIT.header(letter, DeadLetters.OFFSET), letter -> PoisonPillIT.header(letter, DeadLetters.REASON)));
        assertThat(reasons.keySet()).as(topic.topicName() + " dead letters by offset: " + reasons)
                .containsExactlyInAnyOrderElementsOf(bad.keySet());
        bad.forEach((offset, record) -> assertThat(reasons.get(offset)).as(record.kind()).contains(record.reason()));
    }

    /** The outputs under the mixed- keys are those under the clean- keys, in the same order per key. */
    private static <T> void assertSameForBothKeys(List<T> outputs, Function<T, String> key, Function<T, List<?>> content) {
        Map<String, List<List<?>>> byKey = outputs.stream().collect(Collectors.groupingBy(key,
                Collectors.mapping(content, Collectors.toList())));
        Map<String, List<List<?>>> clean = new HashMap<>();
        Map<String, List<List<?>>> mixed = new HashMap<>();
        byKey.forEach((name, values) -> (name.startsWith("clean-") ? clean : mixed).put(name.substring(6), values));
        assertThat(clean).isNotEmpty();
        assertThat(mixed).isEqualTo(clean);
    }

    /** A pipeline's records in, out (on its main output) and dead-lettered, as its meters count them. */
    record Counts(long in, long out, long dead) {
        static Counts of(String task, Topic<?, ?> input, Topic<?, ?> output) {
            return new Counts(sum("lstm.pipeline.records.in", task, input.topicName()),
                    sum("lstm.pipeline.records.out", task, output.topicName()), sum("lstm.dead.letters", task, null));
        }

        Counts minus(Counts before) {
            return new Counts(in - before.in, out - before.out, dead - before.dead);
        }
    }

    private static long sum(String name, String task, String topic) {
        var search = Metrics.globalRegistry.find(name).tag("task", task);
        if (topic != null) {
            search = search.tag("topic", topic);
        }
        return (long) search.counters().stream().mapToDouble(Counter::count).sum();
    }

    private static double modelVersion(String task) {
        return Metrics.globalRegistry.get("lstm.pipeline.model.version").tag("task", task).gauge().value();
    }

    private static long rejected(String task) {
        return (long) Metrics.globalRegistry.get("lstm.models.rejected").tag("task", task).counter().count();
    }

    private static void awaitRejected(String task, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (rejected(task) < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private static byte[] withExtraField(byte[] json) {
        String text = new String(json, StandardCharsets.UTF_8);
        return json("{\"extra\":{\"nested\":[1,\"two\",null]}," + text.substring(1));
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String before, byte[] middle, String after) {
        byte[] head = json(before);
        byte[] tail = json(after);
        byte[] all = Arrays.copyOf(head, head.length + middle.length + tail.length);
        System.arraycopy(middle, 0, all, head.length, middle.length);
        System.arraycopy(tail, 0, all, head.length + middle.length, tail.length);
        return all;
    }
}

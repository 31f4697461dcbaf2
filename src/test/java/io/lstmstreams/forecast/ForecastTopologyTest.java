package io.lstmstreams.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.kafka.DeadLetters;
import io.lstmstreams.kafka.StreamsProperties;
import io.lstmstreams.wire.ForecastMessage;
import io.lstmstreams.wire.SeriesPoint;
import io.lstmstreams.wire.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastTopologyTest {

    /** 10 s windows, 5 s grace: a window [0, 10 s) closes when stream time reaches 15 s. */
    private static final long SIZE = 10_000;
    private static final ForecastSettings SETTINGS = TinyModels.anyPast(ForecastSettings.defaults()
            .withWindows(Duration.ofMillis(SIZE), Duration.ofSeconds(5), ForecastSettings.Aggregate.MEAN, 4));
    private static final ForecastModel MODEL = TinyModels.untrained();

    @TempDir
    Path stateDir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> series;
    private TestOutputTopic<String, byte[]> forecasts;
    private TestOutputTopic<String, byte[]> errors;
    private TestOutputTopic<byte[], byte[]> deadLetters;
    private TestOutputTopic<String, byte[]> labels;
    /** The model the topology runs, read once per window: tests may swap it. */
    private volatile ForecastModel running = MODEL;

    private void start(ForecastSettings settings) {
        start(settings, Instant.now());
    }

    /** @param clock the wall-clock time the points are checked against */
    private void start(ForecastSettings settings, Instant clock) {
        driver = new TopologyTestDriver(ForecastTopology.build(() -> running, settings, meters),
                StreamsProperties.base("forecast-test", "127.0.0.1:1", stateDir), clock);
        series = driver.createInputTopic(Topics.SERIES.topicName(), new StringSerializer(), new ByteArraySerializer());
        forecasts = driver.createOutputTopic(Topics.FORECASTS.topicName(), new StringDeserializer(), new ByteArrayDeserializer());
        errors = driver.createOutputTopic(Topics.FORECAST_ERRORS.topicName(), new StringDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.topicName(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        labels = driver.createOutputTopic(Topics.LABELS.topicName(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private void send(String id, long time, double... values) {
        series.pipeInput(id, SeriesPoint.of(time, values).toJson());
    }

    private void sendRaw(String id, String json) {
        series.pipeInput(id, json.getBytes(StandardCharsets.UTF_8));
    }

    private List<ForecastMessage.Forecast> readForecasts() {
        return forecasts.readValuesToList().stream().map(json -> ForecastMessage.parse(json, ForecastMessage.Forecast.class)).toList();
    }

    /** What the forecaster emits for these windows of one series, fed directly: window i ends at {@code (i+1) * SIZE}. */
    private static List<ForecastMessage> offline(String id, int season, double... windowValues) {
        SeriesForecaster forecaster = new SeriesForecaster(MODEL, SeriesForecaster.DEFAULT_HISTORY);
        SeriesState state = forecaster.newState(season);
        List<ForecastMessage> messages = new ArrayList<>();
        for (int i = 0; i < windowValues.length; i++) {
            forecaster.accept(id, state, (i + 1) * SIZE, new double[] {windowValues[i]})
                    .forEach(messages::add);
        }
        return messages;
    }

    private static <T> List<T> only(List<ForecastMessage> messages, Class<T> type) {
        return messages.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void outOfOrderPointsWithinGraceCountInTheirWindow() {
        start(SETTINGS);

        send("a", 1_000, 1);
        send("a", 12_000, 10);
        send("a", 3_000, 3); // out of order, its window still open (closes at 15 s)
        send("a", 25_000, 0); // closes [0, 10 s) and [10 s, 20 s)

        assertThat(readForecasts()).containsExactlyElementsOf(
                only(offline("a", 4, 2, 10), ForecastMessage.Forecast.class));
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aPointOlderThanStreamTimeMinusGraceIsDeadLetteredAsLate() {
        start(SETTINGS);

        send("a", 1_000, 1);
        send("a", 21_000, 2);
        send("a", 9_000, 3); // window ends at 10 s <= 21 s - 5 s: closed

        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(reason(dead.get(0))).startsWith("late");
        assertThat(meters.get("lstm.dead.letters").tag("task", "forecast").tag("reason", "late").counter().count()).isEqualTo(1);
        assertThat(readForecasts()).extracting(ForecastMessage.Forecast::windowEnd).containsExactly(SIZE);
    }

    @Test
    void aPointStampedHoursAheadOfTheClockIsDeadLetteredAsFuture() {
        start(SETTINGS);
        long inTwoHours = System.currentTimeMillis() + Duration.ofHours(2).toMillis();

        send("a", 1_000, 1);
        send("a", inTwoHours, 2);
        send("a", 21_000, 3); // stream time was not moved by the rejected point: [0, 10 s) closes now

        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(reason(dead.get(0))).startsWith("future");
        assertThat(meters.get("lstm.dead.letters").tag("task", "forecast").tag("reason", "future").counter().count()).isEqualTo(1);
        assertThat(readForecasts()).extracting(ForecastMessage.Forecast::windowEnd).containsExactly(SIZE);
    }

    @Test
    void malformedAndNonFinitePointsAreDeadLetteredWithTheirReason() {
        start(SETTINGS);

        sendRaw("a", "{\"time\":1000,\"value\":NaN}");
        sendRaw("a", "{\"time\":1000,\"value\":\"NaN\"}");
        sendRaw("a", "{\"time\":1000,\"values\":[1.0,1e400]}");
        sendRaw("a", "{\"value\":1.0}");
        sendRaw("a", "{\"time\":1000}");
        sendRaw("a", "{\"time\":1000,\"value\":1");
        sendRaw(null, "{\"time\":1000,\"value\":1}");

        List<String> reasons = deadLetters.readRecordsToList().stream().map(ForecastTopologyTest::reason).toList();
        assertThat(reasons).hasSize(7);
        assertThat(reasons.get(0)).contains("not JSON");
        assertThat(reasons.get(1)).contains("'value' must be a finite number");
        assertThat(reasons.get(2)).contains("'values[1]' must be a finite number");
        assertThat(reasons.get(3)).contains("missing field 'time'");
        assertThat(reasons.get(4)).contains("exactly one of 'value' and 'values'");
        assertThat(reasons.get(5)).contains("not JSON");
        assertThat(reasons.get(6)).contains("no key");
        assertThat(meters.get("lstm.dead.letters").tag("task", "forecast").tag("reason", "invalid").counter().count()).isEqualTo(7);
    }

    @Test
    void aHugeStringValueIsDeadLetteredWithinBoundsAndWithAShortReasonAndLaterPointsAreForecast() {
        start(SETTINGS);
        String huge = "{\"time\":1000,\"value\":\"" + "9".repeat(350_000) + "\"}";

        send("a", 1_000, 1);
        sendRaw("a", huge);
        send("a", 21_000, 2);

        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(reason(dead.get(0))).startsWith("field 'value' must be a finite number, got \"999").hasSizeLessThan(200);
        assertThat(dead.get(0).value()).hasSize(DeadLetters.MAX_VALUE_BYTES);
        assertThat(header(dead.get(0), DeadLetters.VALUE_BYTES)).isEqualTo(String.valueOf(huge.length()));
        assertThat(header(dead.get(0), DeadLetters.OFFSET)).isEqualTo("1");
        assertThat(readForecasts()).extracting(ForecastMessage.Forecast::windowEnd).containsExactly(SIZE);
    }

    @Test
    void timesThatOverflowALongAndFieldsGivenTwiceAreDeadLettered() {
        start(SETTINGS);

        sendRaw("a", "{\"time\":99999999999999999999999,\"value\":1}");
        sendRaw("a", "{\"time\":1000,\"value\":1,\"value\":2}");
        sendRaw("a", "{\"time\":1000,\"time\":900000,\"value\":1}");
        sendRaw("a", "{\"time\":1000,\"values\":[" + "1,".repeat(SeriesPoint.MAX_VARIABLES) + "1]}");
        sendRaw("x".repeat(1001), "{\"time\":1000,\"value\":1}");

        List<String> reasons = deadLetters.readRecordsToList().stream().map(ForecastTopologyTest::reason).toList();
        assertThat(reasons).hasSize(5);
        assertThat(reasons.get(0)).startsWith("field 'time' must be epoch milliseconds, got 99999999999999999999999");
        assertThat(reasons.get(1)).contains("Duplicate field 'value'");
        assertThat(reasons.get(2)).contains("Duplicate field 'time'");
        assertThat(reasons.get(3)).contains("more than the limit of " + SeriesPoint.MAX_VARIABLES);
        assertThat(reasons.get(4)).isEqualTo("key of 1001 characters exceeds the limit of 1000");
        assertThat(readForecasts()).isEmpty();
    }

    @Test
    void aPointFarBehindTheClockIsDeadLetteredAsPastEvenBeforeThePartitionHasStreamTime() {
        long now = 1_800_000_000_000L; // a whole minute
        start(ForecastSettings.defaults(), Instant.ofEpochMilli(now));

        send("a", 0, 1); // 1970, first of its partition
        send("a", now - 50_000, 2);
        driver.advanceWallClockTime(Duration.ofSeconds(60));
        send("a", now + 59_000, 3); // closes [now - 60 s, now)

        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(reason(dead.get(0))).startsWith("past: point at 0 is more than " + Duration.ofDays(7).toMillis() + " ms behind");
        assertThat(meters.get("lstm.dead.letters").tag("task", "forecast").tag("reason", "past").counter().count()).isEqualTo(1);
        assertThat(readForecasts()).extracting(ForecastMessage.Forecast::windowEnd).containsExactly(now);
    }

    @Test
    void onePointFarAheadOfTheClockDoesNotMakeLaterGoodPointsLate() {
        long now = 1_800_000_000_000L; // a whole minute; default windows: 1 min, 10 s grace, 10 s future tolerance
        start(ForecastSettings.defaults(), Instant.ofEpochMilli(now));

        send("b", now - 50_000, 1);
        send("a", now + Duration.ofMinutes(30).toMillis(), 9); // with 55 min of tolerance it closed b's window
        send("a", now + 5_000, 9); // within tolerance: stream time moves 5 s ahead, less than the grace
        send("b", now - 1_000, 3);
        driver.advanceWallClockTime(Duration.ofSeconds(60));
        send("b", now + 59_000, 5); // closes [now - 60 s, now)

        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(reason(dead.get(0))).startsWith("future");
        assertThat(readForecasts()).filteredOn(forecast -> forecast.series().equals("b"))
                .extracting(ForecastMessage.Forecast::windowEnd).containsExactly(now);
        List<ForecastMessage.Realized> realized = labels.readValuesToList().stream()
                .map(json -> ForecastMessage.parse(json, ForecastMessage.Realized.class))
                .filter(window -> window.series().equals("b")).toList();
        assertThat(realized).extracting(ForecastMessage.Realized::value).containsExactly(2.0);
    }

    @Test
    void aReplayedSeriesLandsEveryPointAtTheDefaultSettings() {
        List<KeyValue<String, byte[]>> replayed = new ForecastTask()
                .replayRecords(Path.of("src/main/resources/data/series/AirPassengers.csv"), Duration.ofMinutes(1));
        start(ForecastSettings.defaults());

        replayed.forEach(point -> series.pipeInput(point.key, point.value));

        assertThat(replayed).hasSize(144);
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(labels.readValuesToList()).hasSize(142); // the last two wait for stream time to pass their end + grace
    }

    @Test
    void aWindowThatClosedEmptyReachesTheForecasterAsMissing() {
        start(SETTINGS);

        send("a", 1_000, 4);
        send("a", 21_000, 6); // nothing in [10 s, 20 s)
        send("a", 35_000, 0);

        List<ForecastMessage.Forecast> streamed = readForecasts();
        assertThat(streamed).extracting(ForecastMessage.Forecast::windowEnd).containsExactly(SIZE, 2 * SIZE, 3 * SIZE);
        assertThat(streamed).containsExactlyElementsOf(only(offline("a", 4, 4, Double.NaN, 6), ForecastMessage.Forecast.class));
        SeriesState state = SeriesStateCodec.decode((byte[]) driver.getKeyValueStore(SETTINGS.storeName()).get("a"));
        assertThat(state.steps()).isEqualTo(3);
    }

    @Test
    void everyClosedWindowsRealizedValueGoesToTheLabelsTopicGapsAsMissing() {
        start(SETTINGS);

        send("a", 1_000, 4);
        send("a", 2_000, 6);
        send("a", 21_000, 6); // nothing in [10 s, 20 s)
        send("a", 35_000, 0);

        List<ForecastMessage.Realized> realized = labels.readValuesToList().stream()
                .map(json -> ForecastMessage.parse(json, ForecastMessage.Realized.class)).toList();
        assertThat(realized).containsExactly(
                new ForecastMessage.Realized(1, "forecast", "a", 0, SIZE, 5, 4),
                new ForecastMessage.Realized(1, "forecast", "a", 1, 2 * SIZE, Double.NaN, 4),
                new ForecastMessage.Realized(1, "forecast", "a", 2, 3 * SIZE, 6, 4));
    }

    @Test
    void aSwappedModelTakesOverAtTheNextWindowWithEachSeriesRebuiltUnderIt() {
        start(SETTINGS);
        double[] values = TinyModels.seasonal(12);
        for (int i = 0; i <= 6; i++) {
            send("a", i * SIZE + 6_000, values[i]); // each closes the window before it (grace 5 s)
        }
        running = TinyModels.retrained(); // six windows forecast by version 0
        for (int i = 7; i < values.length; i++) {
            send("a", i * SIZE + 6_000, values[i]);
        }

        List<ForecastMessage.Forecast> streamed = readForecasts();
        assertThat(streamed).extracting(ForecastMessage.Forecast::modelVersion)
                .containsExactly(0L, 0L, 0L, 0L, 0L, 0L, 1L, 1L, 1L, 1L, 1L);
        // offline, the same swap: the forecaster of version 1 takes over the state at window 6
        SeriesForecaster before = new SeriesForecaster(MODEL, SeriesForecaster.DEFAULT_HISTORY);
        SeriesForecaster after = new SeriesForecaster(running, SeriesForecaster.DEFAULT_HISTORY);
        SeriesState state = before.newState(4);
        List<ForecastMessage> expected = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            SeriesForecaster forecaster = i < 6 ? before : after;
            forecaster.accept("a", state, (i + 1) * SIZE, new double[] {values[i]})
                    .forEach(expected::add);
        }
        assertThat(streamed).containsExactlyElementsOf(only(expected, ForecastMessage.Forecast.class));
    }

    @Test
    void forecastsAreScoredWhenTheirWindowsActualValueArrives() {
        start(SETTINGS);
        double[] values = TinyModels.seasonal(8);
        for (int i = 0; i < values.length; i++) {
            send("a", i * SIZE + 500, values[i]);
        }
        send("a", 100 * SIZE, 0);

        List<ForecastMessage.Error> scored = errors.readValuesToList().stream()
                .map(json -> ForecastMessage.parse(json, ForecastMessage.Error.class)).toList();
        List<ForecastMessage.Error> expected = only(offline("a", 4, values), ForecastMessage.Error.class);
        assertThat(expected).isNotEmpty();
        assertThat(scored).containsExactlyElementsOf(expected);
        assertThat(scored.get(0).absError()).isEqualTo(Math.abs(scored.get(0).forecast() - scored.get(0).actual()));
        var stepOne = meters.get(ForecastErrorMeters.NAME).tags("forecaster", "lstm", "horizon", "1").summary();
        List<ForecastMessage.Error> firstSteps = scored.stream().filter(error -> error.horizon() == 1).toList();
        assertThat(stepOne.count()).isEqualTo(firstSteps.size());
        assertThat(stepOne.totalAmount()).isCloseTo(firstSteps.stream().mapToDouble(ForecastMessage.Error::absError).sum(),
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void theCoverageMetersCountWhatTheForecastsIntervalsCoverOfTheRealizedValues() {
        List<KeyValue<String, byte[]>> replayed = new ForecastTask()
                .replayRecords(Path.of("src/main/resources/data/series/AirPassengers.csv"), Duration.ofMinutes(1));
        ForecastSettings settings = ForecastSettings.defaults();
        start(settings);

        replayed.forEach(point -> series.pipeInput(point.key, point.value));

        Map<Long, Double> realized = new HashMap<>();
        labels.readValuesToList().stream().map(json -> ForecastMessage.parse(json, ForecastMessage.Realized.class))
                .forEach(window -> realized.put(window.windowEnd(), window.value()));
        // offline, from the forecasts alone: each interval against the value its window turned out to have
        Map<String, long[]> fromForecasts = new TreeMap<>();
        long size = settings.windowSize().toMillis();
        for (ForecastMessage.Forecast forecast : readForecasts()) {
            for (ForecastMessage.Interval interval : forecast.intervals()) {
                for (int k = 1; k <= forecast.horizon(); k++) {
                    Double actual = realized.get(forecast.windowEnd() + k * size);
                    Boolean covered = actual == null ? null : interval.covers(k, actual);
                    if (covered != null) {
                        count(fromForecasts, interval.level(), k, covered);
                    }
                }
            }
        }
        Map<String, long[]> fromErrors = new TreeMap<>();
        errors.readValuesToList().stream().map(json -> ForecastMessage.parse(json, ForecastMessage.Error.class))
                .forEach(score -> score.intervals().forEach(interval ->
                        count(fromErrors, interval.level(), score.horizon(), interval.covered())));
        Map<String, long[]> fromMeters = new TreeMap<>();
        for (String level : List.of("0.8", "0.95")) {
            for (int k = 1; k <= MODEL.horizon(); k++) {
                String[] tags = {"task", "forecast", "level", level, "horizon", Integer.toString(k)};
                fromMeters.put(level + " h=" + k, new long[] {
                        (long) meters.get(ForecastErrorMeters.INTERVALS_COVERED).tags(tags).counter().count(),
                        (long) meters.get(ForecastErrorMeters.INTERVALS_SCORED).tags(tags).counter().count()});
            }
        }

        assertThat(fromForecasts.keySet()).hasSize(2 * MODEL.horizon());
        assertThat(fromForecasts.values()).allSatisfy(counts -> assertThat(counts[1]).isGreaterThan(100));
        assertThat(fromForecasts.values()).anySatisfy(counts -> assertThat(counts[0]).isLessThan(counts[1]));
        assertThat(lists(fromMeters)).isEqualTo(lists(fromForecasts));
        assertThat(lists(fromErrors)).isEqualTo(lists(fromForecasts));
    }

    private static Map<String, List<Long>> lists(Map<String, long[]> counts) {
        Map<String, List<Long>> lists = new TreeMap<>();
        counts.forEach((key, of) -> lists.put(key, Arrays.stream(of).boxed().toList()));
        return lists;
    }

    /** Adds one scored interval to {@code covered, scored} of its level and horizon. */
    private static void count(Map<String, long[]> counts, double level, int k, boolean covered) {
        long[] of = counts.computeIfAbsent(level + " h=" + k, key -> new long[2]);
        of[0] += covered ? 1 : 0;
        of[1]++;
    }

    @Test
    void recordsOutAreCountedPerTopicAndEveryForecastsEndToEndLatency() {
        start(SETTINGS);
        for (int i = 0; i < 5; i++) {
            send("s", i * SIZE, 100 + i);
        }
        int forecastCount = readForecasts().size();
        int labelCount = labels.readValuesToList().size();

        assertThat(forecastCount).isPositive();
        assertThat(meters.get("lstm.pipeline.records.out").tag("topic", Topics.FORECASTS.topicName())
                .tag("model.version", Long.toString(MODEL.version())).counter().count()).isEqualTo(forecastCount);
        assertThat(meters.get("lstm.pipeline.records.out").tag("topic", Topics.LABELS.topicName()).counter().count())
                .isEqualTo(labelCount);
        assertThat(meters.get("lstm.pipeline.end.to.end").tag("task", "forecast").timer().count()).isEqualTo(forecastCount);
    }

    @Test
    void aNewSeriesIsForecastFromItsFirstWindow() {
        start(SETTINGS);
        for (int i = 0; i < 5; i++) {
            send("old", i * SIZE, 100 + i);
        }
        send("new", 4 * SIZE + 1, 7); // the new series' first point
        send("old", 6 * SIZE, 0);

        List<ForecastMessage.Forecast> fresh = readForecasts().stream().filter(f -> f.series().equals("new")).toList();
        assertThat(fresh).hasSize(1);
        assertThat(fresh.get(0).windowEnd()).isEqualTo(5 * SIZE);
        assertThat(fresh.get(0).values()).hasSize(TinyModels.HORIZON)
                .isEqualTo(only(offline("new", 4, 7), ForecastMessage.Forecast.class).get(0).values());
        assertThat(Arrays.stream(fresh.get(0).values()).allMatch(Double::isFinite)).isTrue();
    }

    @Test
    void multivariatePointsAreAggregatedPerVariableAndForecastOnTheFirst() {
        start(TinyModels.anyPast(ForecastSettings.defaults().withWindows(Duration.ofMillis(SIZE), Duration.ZERO,
                ForecastSettings.Aggregate.LAST, 4)));

        send("m", 2_000, 5, 50);
        send("m", 1_000, 3, 30); // older: not the window's last
        send("m", 10_000, 8, 80);

        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(readForecasts()).containsExactlyElementsOf(only(offline("m", 4, 5), ForecastMessage.Forecast.class));
    }

    private static String reason(TestRecord<byte[], byte[]> record) {
        return header(record, "__streams.errors.message");
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}

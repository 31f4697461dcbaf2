package io.lstmstreams.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.kafka.StreamsProperties;
import io.lstmstreams.wire.ForecastMessage;
import io.lstmstreams.wire.SeriesPoint;
import io.lstmstreams.wire.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
    private static final ForecastSettings SETTINGS = ForecastSettings.defaults()
            .withWindows(Duration.ofMillis(SIZE), Duration.ofSeconds(5), ForecastSettings.Aggregate.MEAN, 4);
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
        driver = new TopologyTestDriver(ForecastTopology.build(() -> running, settings, meters),
                StreamsProperties.base("forecast-test", "127.0.0.1:1", stateDir));
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
        start(ForecastSettings.defaults().withWindows(Duration.ofMillis(SIZE), Duration.ZERO, ForecastSettings.Aggregate.LAST, 4));

        send("m", 2_000, 5, 50);
        send("m", 1_000, 3, 30); // older: not the window's last
        send("m", 10_000, 8, 80);

        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(readForecasts()).containsExactlyElementsOf(only(offline("m", 4, 5), ForecastMessage.Forecast.class));
    }

    private static String reason(TestRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader("__streams.errors.message");
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}

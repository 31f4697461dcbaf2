package io.lstmstreams.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.config.Settings;
import io.lstmstreams.data.Series;
import io.lstmstreams.data.SeriesCsv;
import io.lstmstreams.kafka.CommittedRecords;
import io.lstmstreams.kafka.EmbeddedKafkaBroker;
import io.lstmstreams.kafka.KafkaBrokerExtension;
import io.lstmstreams.kafka.Replayer;
import io.lstmstreams.kafka.StreamsPipeline;
import io.lstmstreams.kafka.StreamsProperties;
import io.lstmstreams.wire.ForecastMessage;
import io.lstmstreams.wire.SeriesPoint;
import io.lstmstreams.wire.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real series through a real broker and the forecasting pipeline: forecasts, errors and interval coverage equal the
 * offline protocol's.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ForecastPipelineIT {

    static final Path SERIES = Path.of("src/main/resources/data/series");
    private static final long START = 1_700_000_000_000L;
    private static final long WINDOW = 1_000;

    @TempDir
    Path stateDir;

    @Test
    void streamedForecastsErrorsAndCoverageEqualTheOfflineProtocolWithoutRetraining(EmbeddedKafkaBroker broker) {
        List<Series> series = List.of(SeriesCsv.read(SERIES.resolve("AirPassengers.csv")),
                SeriesCsv.read(SERIES.resolve("USAccDeaths.csv")));
        ForecastModel model = ForecastModel.from(ForecastTraining.train(series.stream()
                .map(s -> new ForecastTraining.Input(s.target(), 12)).toList(), TinyModels.options(), 3, report -> { }));
        List<ForecastEvaluation.Result> offline = series.stream().map(s -> ForecastEvaluation.evaluate(s, model,
                ForecastEvaluation.Settings.streaming(12, ForecastEvaluation.ModelUpdates.NONE))).toList();

        // The series side by side in event time, as live feeds would arrive: stream time is per partition, so a
        // series sent after another on its partition would be late.
        List<KeyValue<String, byte[]>> points = new ArrayList<>();
        series.forEach(s -> points.addAll(SeriesReplay.records(s, START, WINDOW)));
        points.sort(Comparator.comparingLong(point -> SeriesPoint.parse(point.value).time()));
        // Each series' last window closes when stream time reaches its end: one more point per series, after all
        // of them, in a window that stays open (so it is never forecast).
        long closing = START + series.stream().mapToInt(Series::length).max().orElseThrow() * WINDOW;
        series.forEach(s -> points.add(KeyValue.pair(s.name(), SeriesPoint.of(closing, 0).toJson())));
        KafkaBrokerExtension.createTopics(broker);
        ForecastSettings settings = TinyModels.anyPast(ForecastSettings.defaults()
                .withWindows(Duration.ofMillis(WINDOW), Duration.ZERO, ForecastSettings.Aggregate.MEAN, 12));
        int expectedForecasts = series.stream().mapToInt(Series::length).sum();
        int expectedErrors = offline.stream().flatMap(r -> r.horizons().stream()).mapToInt(h -> (int) h.count()).sum();

        List<ForecastMessage.Forecast> forecasts;
        List<ForecastMessage.Error> errors;
        try (StreamsPipeline pipeline = StreamsPipeline.start(ForecastTask.NAME, ForecastTopology.build(() -> model, settings, new SimpleMeterRegistry()), StreamsProperties.base("forecast-it", broker.bootstrapServers(), stateDir), Duration.ofSeconds(60));
             Replayer replayer = new Replayer(broker.bootstrapServers())) {
            replayer.replay(Topics.SERIES, points, 0);
            forecasts = CommittedRecords.read(broker, Topics.FORECASTS, expectedForecasts,
                    json -> ForecastMessage.parse(json, ForecastMessage.Forecast.class));
            errors = CommittedRecords.read(broker, Topics.FORECAST_ERRORS, expectedErrors,
                    json -> ForecastMessage.parse(json, ForecastMessage.Error.class));
        }

        assertThat(forecasts).hasSize(expectedForecasts);
        assertThat(errors).hasSize(expectedErrors);
        for (int i = 0; i < series.size(); i++) {
            String name = series.get(i).name();
            ForecastEvaluation.Result expected = offline.get(i);
            List<ForecastMessage.Forecast> streamed = forecasts.stream().filter(f -> f.series().equals(name)).toList();
            assertThat(streamed).extracting(ForecastMessage.Forecast::windowEnd)
                    .containsExactlyElementsOf(IntStream.range(0, expected.forecasts().size())
                            .mapToObj(t -> START + (t + 1) * WINDOW).toList());
            assertThat(streamed).extracting(ForecastMessage.Forecast::values)
                    .containsExactlyElementsOf(expected.forecasts().stream().map(ForecastMessage.Forecast::values).toList());
            List<HorizonErrors> horizons = horizons(errors.stream().filter(e -> e.series().equals(name)).toList(), model.horizon());
            for (int k = 0; k < model.horizon(); k++) {
                HorizonErrors offlineK = expected.horizons().get(k);
                assertThat(horizons.get(k).count()).isEqualTo(offlineK.count());
                assertThat(horizons.get(k).mae()).isEqualTo(offlineK.mae());
                assertThat(horizons.get(k).smape()).isEqualTo(offlineK.smape());
                assertThat(horizons.get(k).mase()).isEqualTo(offlineK.mase());
                assertThat(horizons.get(k).holtWintersMase()).isEqualTo(offlineK.holtWintersMase());
            }
            List<ForecastMessage.Error> streamedErrors = errors.stream().filter(e -> e.series().equals(name)).toList();
            assertThat(expected.coverage()).as("levels with coverage").hasSize(2);
            for (ForecastEvaluation.Coverage level : expected.coverage()) {
                assertThat(coverage(streamedErrors, level.level())).as(name + " " + level.name())
                        .isEqualTo(level).extracting(ForecastEvaluation.Coverage::scored).isNotEqualTo(0L);
            }
        }
    }

    /** A level's coverage counted from the streamed scores' intervals, as {@code eval forecast} counts it. */
    private static ForecastEvaluation.Coverage coverage(List<ForecastMessage.Error> errors, double level) {
        long[] counts = new long[4];
        for (ForecastMessage.Error error : errors) {
            for (ForecastMessage.ScoredInterval interval : error.intervals()) {
                if (interval.level() == level) {
                    counts[0] += error.horizon() == 1 && interval.covered() ? 1 : 0;
                    counts[1] += error.horizon() == 1 ? 1 : 0;
                    counts[2] += interval.covered() ? 1 : 0;
                    counts[3]++;
                }
            }
        }
        return new ForecastEvaluation.Coverage(level, counts[0], counts[1], counts[2], counts[3]);
    }

    /** The streamed errors accumulated per horizon, in the order they were published (the offline order). */
    private static List<HorizonErrors> horizons(List<ForecastMessage.Error> errors, int horizon) {
        List<HorizonErrors> horizons = IntStream.rangeClosed(1, horizon).mapToObj(HorizonErrors::new).toList();
        errors.forEach(e -> horizons.get(e.horizon() - 1).add(e));
        return horizons;
    }
}

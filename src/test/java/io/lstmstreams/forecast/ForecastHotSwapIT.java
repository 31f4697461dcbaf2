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
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.registry.LiveModel;
import io.lstmstreams.registry.LiveModels;
import io.lstmstreams.registry.ModelRegistry;
import io.lstmstreams.registry.ModelWatcher;
import io.lstmstreams.wire.ForecastMessage;
import io.lstmstreams.wire.SeriesPoint;
import io.lstmstreams.wire.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model promoted through the registry while series stream: the forecasting pipeline takes it over between two
 * windows, every series' state is rebuilt under it, and the forecasts equal the offline protocol's with the same
 * model change at the same window.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ForecastHotSwapIT {

    private static final long START = 1_700_000_000_000L;
    private static final long WINDOW = 1_000;
    /** The new model takes over at this window of every series. */
    private static final int SWAP_AT = 60;

    @TempDir
    Path stateDir;

    @Test
    void aPromotedModelTakesOverMidStreamExactlyAsOffline(EmbeddedKafkaBroker broker) throws InterruptedException {
        List<Series> series = List.of(SeriesCsv.read(ForecastPipelineIT.SERIES.resolve("AirPassengers.csv")),
                SeriesCsv.read(ForecastPipelineIT.SERIES.resolve("USAccDeaths.csv")));
        ModelBundle first = ForecastTraining.train(List.of(new ForecastTraining.Input(series.get(0).target(), 12)),
                TinyModels.options(), 1, report -> { });
        ModelBundle second = ForecastTraining.train(List.of(new ForecastTraining.Input(series.get(1).target(), 12)),
                TinyModels.options(), 2, report -> { });
        ForecastModel secondModel = ForecastModel.from(second);
        ForecastEvaluation.ModelUpdates swap = (seen, history, running) ->
                seen == SWAP_AT ? Optional.of(secondModel) : Optional.empty();
        List<ForecastEvaluation.Result> offline = series.stream().map(s -> ForecastEvaluation.evaluate(s,
                ForecastModel.from(first), ForecastEvaluation.Settings.streaming(12, swap))).toList();

        List<KeyValue<String, byte[]>> points = new ArrayList<>();
        series.forEach(s -> points.addAll(SeriesReplay.records(s, START, WINDOW)));
        points.sort(Comparator.comparingLong(point -> SeriesPoint.parse(point.value).time()));
        long closing = START + series.stream().mapToInt(Series::length).max().orElseThrow() * WINDOW;
        series.forEach(s -> points.add(KeyValue.pair(s.name(), SeriesPoint.of(closing, 0).toJson())));
        // up to window SWAP_AT's points: they close windows 0 .. SWAP_AT - 1 of each series (grace 0)
        long swapTime = START + (SWAP_AT + 1) * WINDOW;
        List<KeyValue<String, byte[]>> beforeSwap = points.stream().filter(p -> SeriesPoint.parse(p.value).time() < swapTime).toList();
        List<KeyValue<String, byte[]>> afterSwap = points.subList(beforeSwap.size(), points.size());
        KafkaBrokerExtension.createTopics(broker);
        Map<String, Object> client = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        ForecastSettings settings = TinyModels.anyPast(ForecastSettings.defaults()
                .withWindows(Duration.ofMillis(WINDOW), Duration.ZERO, ForecastSettings.Aggregate.MEAN, 12));
        int expectedForecasts = series.stream().mapToInt(Series::length).sum();

        LiveModel<ForecastModel> live = new LiveModel<>(ForecastTask.NAME, ForecastModel::from, first);
        List<ForecastMessage.Forecast> forecasts;
        try (ModelRegistry registry = new ModelRegistry(client);
             ModelWatcher watcher = ModelWatcher.start(client, List.of(live), new SimpleMeterRegistry());
             StreamsPipeline pipeline = StreamsPipeline.start(ForecastTask.NAME, ForecastTopology.build(live::current, settings, new SimpleMeterRegistry()), StreamsProperties.base("forecast-swap-it", broker.bootstrapServers(), stateDir), Duration.ofSeconds(60));
             Replayer replayer = new Replayer(broker.bootstrapServers())) {
            registry.promote(first, "first");
            assertThat(watcher.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            replayer.replay(Topics.SERIES, beforeSwap, 0);
            assertThat(CommittedRecords.read(broker, Topics.FORECASTS, 2 * SWAP_AT,
                    json -> ForecastMessage.parse(json, ForecastMessage.Forecast.class))).hasSize(2 * SWAP_AT);

            registry.promote(second, "second");
            LiveModels.awaitRunning(live, 2);
            replayer.replay(Topics.SERIES, afterSwap, 0);
            forecasts = CommittedRecords.read(broker, Topics.FORECASTS, expectedForecasts,
                    json -> ForecastMessage.parse(json, ForecastMessage.Forecast.class));
        }

        assertThat(forecasts).hasSize(expectedForecasts);
        for (int i = 0; i < series.size(); i++) {
            String name = series.get(i).name();
            List<ForecastMessage.Forecast> streamed = forecasts.stream().filter(f -> f.series().equals(name)).toList();
            List<ForecastMessage.Forecast> expected = offline.get(i).forecasts();
            assertThat(streamed).extracting(ForecastMessage.Forecast::modelVersion)
                    .containsExactlyElementsOf(expected.stream().map(ForecastMessage.Forecast::modelVersion).toList());
            assertThat(streamed.get(SWAP_AT - 1).modelVersion()).isEqualTo(1);
            assertThat(streamed.get(SWAP_AT).modelVersion()).isEqualTo(2);
            assertThat(streamed).extracting(ForecastMessage.Forecast::values)
                    .containsExactlyElementsOf(expected.stream().map(ForecastMessage.Forecast::values).toList());
        }
    }
}

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
import io.lstmstreams.model.BundleMetadata;
import io.lstmstreams.model.CellType;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.registry.LiveModel;
import io.lstmstreams.registry.LiveModels;
import io.lstmstreams.registry.ModelRegistry;
import io.lstmstreams.registry.ModelWatcher;
import io.lstmstreams.registry.RegistrySnapshot;
import io.lstmstreams.retrain.LabelBuffer;
import io.lstmstreams.retrain.LabelFeed;
import io.lstmstreams.retrain.Retrainer;
import io.lstmstreams.training.TrainingConfig;
import io.lstmstreams.wire.ForecastMessage;
import io.lstmstreams.wire.SeriesPoint;
import io.lstmstreams.wire.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forecasting gets better while it runs: a deliberately weak model forecasts real series, their realized windows
 * reach the retrainer through {@code lstm.labels}, a better model is trained, validated, promoted and swapped in
 * without a restart, and the same series streamed again (under new ids, so they start cold) are forecast by it.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ForecastRetrainingIT {

    private static final long WINDOW = 1_000;
    private static final int SEASON = 12;
    private static final TrainingConfig RETRAINING = new TrainingConfig(TrainingConfig.Optimizer.ADAM, 1e-2, 1.0, 16, 5, 2, 0.2, 7);

    @TempDir
    Path stateDir;

    @Test
    void aWeakModelIsRetrainedFromRealizedWindowsAndSwappedInLive(EmbeddedKafkaBroker broker) throws InterruptedException {
        Series occupancy = SeriesCsv.read(ForecastPipelineIT.SERIES.resolve("occupancy_6005.csv"));
        List<Series> series = List.of(new Series(occupancy.name(), occupancy.variables(),
                        Arrays.copyOf(occupancy.values(), 720), Optional.of(SEASON)),
                SeriesCsv.read(ForecastPipelineIT.SERIES.resolve("AirPassengers.csv")),
                SeriesCsv.read(ForecastPipelineIT.SERIES.resolve("UKgas.csv")));
        ForecastTask.Options weakOptions = new ForecastTask.Options(TinyModels.HORIZON, CellType.LSTM, 8, 1, 0.0,
                new TrainingConfig(TrainingConfig.Optimizer.ADAM, 1e-3, 1.0, 16, 1, 1, 0.2, 3));
        ModelBundle weak = ForecastTraining.train(List.of(new ForecastTraining.Input(
                Arrays.copyOf(series.get(1).target(), 40), SEASON)), weakOptions, 1, report -> { });
        int longest = series.stream().mapToInt(Series::length).max().orElseThrow();
        int windows = series.stream().mapToInt(Series::length).sum();
        // both passes in the recent past: the broker refuses records stamped over an hour ahead
        long secondPass = (System.currentTimeMillis() - (longest + 2) * WINDOW) / WINDOW * WINDOW;
        long firstPass = secondPass - (longest + 2) * WINDOW;
        KafkaBrokerExtension.createTopics(broker);
        Map<String, Object> client = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        ForecastSettings settings = TinyModels.anyPast(ForecastSettings.defaults()
                .withWindows(Duration.ofMillis(WINDOW), Duration.ZERO, ForecastSettings.Aggregate.MEAN, SEASON));

        LiveModel<ForecastModel> live = new LiveModel<>(ForecastTask.NAME, ForecastModel::from, weak);
        LabelBuffer<ForecastTraining.Input> buffer = new LabelBuffer<>(1_000, Duration.ofDays(1), 20, 1);
        ExecutorService training = Retrainer.trainingExecutor(1);
        List<ForecastMessage.Forecast> forecasts;
        Retrainer.Outcome outcome;
        try (ModelRegistry registry = new ModelRegistry(client);
             ModelWatcher watcher = ModelWatcher.start(client, List.of(live), new SimpleMeterRegistry());
             StreamsPipeline pipeline = StreamsPipeline.start(ForecastTask.NAME, ForecastTopology.build(live::current, settings, new SimpleMeterRegistry()), StreamsProperties.base("forecast-retrain-it", broker.bootstrapServers(), stateDir), Duration.ofSeconds(60));
             LabelFeed<ForecastTraining.Input> feed = LabelFeed.start(client, ForecastTask.NAME,
                     new WindowAssembler(ForecastRetraining.stretchLength(SEASON), 100), buffer, Duration.ofDays(1));
             Replayer replayer = new Replayer(broker.bootstrapServers())) {
            registry.promote(weak, "weak start");
            assertThat(watcher.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            replayer.replay(Topics.SERIES, points(series, "", firstPass), 0);
            // every stretch of the first pass (15 + 3 + 2; the gaps after the shorter series are dropped), so the run
            // trains and validates on the same data whatever the timing; the schedule is RetrainingIT's subject
            long buffered = System.currentTimeMillis() + 120_000;
            while (buffer.size() < 20 && System.currentTimeMillis() < buffered) {
                Thread.sleep(50);
            }
            assertThat(buffer.size()).isEqualTo(20);
            try (Retrainer<ForecastTraining.Input> retrainer = new Retrainer<>(ForecastTask.NAME, live::bundle, buffer,
                    new ForecastRetraining(RETRAINING), registry, () -> RegistrySnapshot.read(client, Duration.ofSeconds(30)),
                    new Retrainer.Settings(Duration.ofSeconds(1), 1, 0.0), training, o -> { })) {
                outcome = retrainer.runOnce();
            }
            assertThat(outcome.promoted()).as(outcome.reason()).isTrue();
            LiveModels.awaitRunning(live, outcome.promotedVersion());

            replayer.replay(Topics.SERIES, points(series, "again-", secondPass), 0);
            // the second pass also closes the first pass's last windows, and the gaps after its shorter series
            forecasts = CommittedRecords.readUntil(broker, Topics.FORECASTS,
                    json -> ForecastMessage.parse(json, ForecastMessage.Forecast.class), read -> complete(read, series));
            assertThat(pipeline.state()).isEqualTo(KafkaStreams.State.RUNNING);
            BundleMetadata promoted = RegistrySnapshot.read(client, Duration.ofSeconds(30)).task(ForecastTask.NAME)
                    .version(outcome.promotedVersion()).orElseThrow().metadata();
            assertThat(promoted.parentVersion()).isEqualTo(1L);
            assertThat(promoted.trainingMetrics()).containsKeys(Retrainer.HELD_APART_SCORE, Retrainer.PARENT_HELD_APART_SCORE);
        } finally {
            training.shutdownNow();
        }

        assertThat(outcome.candidateScore()).isGreaterThan(outcome.parentScore());
        assertThat(complete(forecasts, series)).as("every window of both passes forecast").isTrue();
        assertThat(secondPassOf(forecasts)).hasSize(windows)
                .extracting(ForecastMessage.Forecast::modelVersion).containsOnly(outcome.promotedVersion());
        System.out.printf(Locale.ROOT, "forecast retraining: held-apart score %.4f -> %.4f, promoted as version %d%n",
                outcome.parentScore(), outcome.candidateScore(), outcome.promotedVersion());
    }

    /** Every window of both passes forecast (the first pass's shorter series get more: the gaps the second closes). */
    private static boolean complete(List<ForecastMessage.Forecast> forecasts, List<Series> series) {
        return series.stream().allMatch(s -> forecasts.stream().filter(f -> f.series().equals(s.name())).count() >= s.length()
                && forecasts.stream().filter(f -> f.series().equals("again-" + s.name())).count() == s.length());
    }

    private static List<ForecastMessage.Forecast> secondPassOf(List<ForecastMessage.Forecast> forecasts) {
        return forecasts.stream().filter(f -> f.series().startsWith("again-")).toList();
    }

    /** Every series' points in event time from {@code start}, then one point per series that closes its last window. */
    private static List<KeyValue<String, byte[]>> points(List<Series> series, String prefix, long start) {
        List<KeyValue<String, byte[]>> points = new ArrayList<>();
        for (Series s : series) {
            SeriesReplay.records(s, start, WINDOW).forEach(p -> points.add(KeyValue.pair(prefix + p.key, p.value)));
        }
        points.sort(Comparator.comparingLong(point -> SeriesPoint.parse(point.value).time()));
        long closing = start + series.stream().mapToInt(Series::length).max().orElseThrow() * WINDOW;
        series.forEach(s -> points.add(KeyValue.pair(prefix + s.name(), SeriesPoint.of(closing, 0).toJson())));
        return points;
    }
}

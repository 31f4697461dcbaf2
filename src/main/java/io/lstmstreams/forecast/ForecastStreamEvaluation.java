package io.lstmstreams.forecast;

import io.lstmstreams.data.Series;
import io.lstmstreams.kafka.EmbeddedKafkaBroker;
import io.lstmstreams.kafka.Replayer;
import io.lstmstreams.kafka.StreamsPipeline;
import io.lstmstreams.kafka.StreamsProperties;
import io.lstmstreams.kafka.TemporaryDirectory;
import io.lstmstreams.kafka.TopicAdmin;
import io.lstmstreams.wire.ForecastMessage;
import io.lstmstreams.wire.SeriesPoint;
import io.lstmstreams.wire.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;

/**
 * {@code eval forecast --through-broker}: {@link ForecastEvaluation}'s progressive validation run by the live pipeline
 * on a broker of its own (127.0.0.1, in this JVM), the figures counted from what the pipeline published. A series'
 * rows go into {@code lstm.series} as points a window apart; the pipeline forecasts and scores them. Where the offline
 * protocol changes the model (after {@code seen} windows), the points stop until the pipeline has published the
 * forecast of window {@code seen - 1}, and the new model is handed to the running pipeline as a hot swap does, so each
 * window meets the model it meets offline. (Where a series lacks the rows that would let a window close in between,
 * the stream takes the windows of a gap together, with the model live when the gap ends, as a live stream does.)
 */
final class ForecastStreamEvaluation {

    /** Event time of the first window: any instant in the past. */
    private static final long START = 1_600_000_000_000L;
    private static final long WINDOW_MS = 1_000;
    private static final Duration OUTPUT_TIMEOUT = Duration.ofMinutes(2);

    private ForecastStreamEvaluation() {
    }

    static ForecastEvaluation.Result evaluate(Series series, ForecastModel start, ForecastEvaluation.Settings settings) {
        ForecastSettings defaults = ForecastSettings.defaults();
        // every point is in the past: none is too old (the tolerance is for live clocks)
        ForecastSettings pipelineSettings = defaults.withWindows(Duration.ofMillis(WINDOW_MS), Duration.ZERO,
                ForecastSettings.Aggregate.MEAN, settings.season()).withTolerances(defaults.futureTolerance(), Duration.ofDays(36_500));
        if (pipelineSettings.historyLength() != settings.historyLength()) {
            throw new IllegalArgumentException("the pipeline keeps " + pipelineSettings.historyLength()
                    + " windows, the offline protocol " + settings.historyLength());
        }
        AtomicReference<ForecastModel> live = new AtomicReference<>(start);
        try (TemporaryDirectory stateDir = TemporaryDirectory.create("lstm-eval-forecast-");
             EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.inTemporaryDirectory(0).start()) {
            try (TopicAdmin admin = new TopicAdmin(broker.bootstrapServers())) {
                admin.create(Topics.definitions());
            }
            try (Outputs outputs = new Outputs(broker.bootstrapServers(), series.name());
                 StreamsPipeline pipeline = StreamsPipeline.start(ForecastTask.NAME, ForecastTopology.build(live::get,
                         pipelineSettings, new SimpleMeterRegistry()), StreamsProperties.base("eval-forecast",
                         broker.bootstrapServers(), stateDir.path()), Duration.ofSeconds(60));
                 Replayer replayer = new Replayer(broker.bootstrapServers())) {
                ForecastModel running = replay(series, live, settings, pipeline, outputs, replayer);
                return ForecastEvaluation.ofStream(series, start.horizon(), outputs.forecasts, outputs.errors, START, WINDOW_MS, settings,
                        running.version());
            }
        }
    }

    /** Sends the rows, swapping models where the settings say, and waits for the last window's outputs; the last model. */
    private static ForecastModel replay(Series series, AtomicReference<ForecastModel> live, ForecastEvaluation.Settings settings,
                                        StreamsPipeline pipeline, Outputs outputs, Replayer replayer) {
        double[][] values = series.values();
        double[] target = series.target();
        List<KeyValue<String, byte[]>> pending = new ArrayList<>();
        ForecastModel running = live.get();
        ForecastModel next = null;
        int swapAt = 0;
        for (int t = 0; t < values.length; t++) {
            Optional<KeyValue<String, byte[]>> point = SeriesReplay.record(series, t, START, WINDOW_MS);
            point.ifPresent(pending::add);
            if (next != null && point.isPresent()) { // this point closes window swapAt - 1, the last of the old model
                replayer.replay(Topics.SERIES, pending, 0);
                pending.clear();
                outputs.awaitForecast(windowEnd(swapAt - 1), pipeline);
                live.set(next);
                next = null;
            }
            int seen = t + 1;
            if (seen < values.length) {
                Optional<ForecastModel> update = settings.updates().after(seen, Arrays.copyOf(target, seen), running);
                if (update.isPresent()) {
                    running = update.get();
                    next = running;
                    swapAt = seen;
                }
            }
        }
        if (next != null) {
            live.set(next);
        }
        // the last window closes when stream time passes its end: a point in a window that stays open (never forecast)
        pending.add(KeyValue.pair(series.name(), SeriesPoint.of(windowEnd(values.length - 1), new double[values[0].length]).toJson()));
        replayer.replay(Topics.SERIES, pending, 0);
        outputs.awaitForecast(windowEnd(values.length - 1), pipeline);
        outputs.drain(pipeline);
        return running;
    }

    /** The end of row t's window, which names its outputs: {@code START + (t + 1) * WINDOW_MS}. */
    private static long windowEnd(int t) {
        return START + (t + 1L) * WINDOW_MS;
    }

    /** The series' committed forecasts and scores, read as the pipeline publishes them. */
    private static final class Outputs implements AutoCloseable {

        private final KafkaConsumer<String, byte[]> consumer;
        private final List<TopicPartition> partitions;
        private final String series;
        final List<ForecastMessage.Forecast> forecasts = new ArrayList<>();
        final List<ForecastMessage.Error> errors = new ArrayList<>();

        Outputs(String bootstrapServers, String series) {
            this.series = series;
            this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer());
            this.partitions = Stream.of(Topics.FORECASTS.topicName(), Topics.FORECAST_ERRORS.topicName())
                    .flatMap(topic -> consumer.partitionsFor(topic).stream().map(info -> new TopicPartition(topic, info.partition())))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** Reads until a forecast of the window ending at {@code windowEnd} (or later) has been published. */
        void awaitForecast(long windowEnd, StreamsPipeline pipeline) {
            long deadline = System.nanoTime() + OUTPUT_TIMEOUT.toNanos();
            while (forecasts.isEmpty() || forecasts.get(forecasts.size() - 1).windowEnd() < windowEnd) {
                poll(pipeline, deadline, "a forecast of the window ending at " + windowEnd);
            }
        }

        /** Reads up to the committed end of every output partition: the scores published with the last forecast too. */
        void drain(StreamsPipeline pipeline) {
            long deadline = System.nanoTime() + OUTPUT_TIMEOUT.toNanos();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (end.entrySet().stream().anyMatch(partition -> consumer.position(partition.getKey()) < partition.getValue())) {
                poll(pipeline, deadline, "the committed outputs");
            }
        }

        private void poll(StreamsPipeline pipeline, long deadline, String awaited) {
            if (pipeline.failure().isPresent()) {
                throw new IllegalStateException("the forecast pipeline failed", pipeline.failure().get());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(series + ": the pipeline published no " + awaited + " within "
                        + OUTPUT_TIMEOUT.toSeconds() + " s");
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                if (!series.equals(record.key())) {
                    continue;
                }
                if (record.topic().equals(Topics.FORECASTS.topicName())) {
                    forecasts.add(ForecastMessage.parse(record.value(), ForecastMessage.Forecast.class));
                } else {
                    errors.add(ForecastMessage.parse(record.value(), ForecastMessage.Error.class));
                }
            }
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}

package io.lstmstreams.forecast;

import io.lstmstreams.metrics.PipelineMeters;
import io.lstmstreams.state.RecurrentStateStore;
import io.lstmstreams.wire.ForecastMessage;
import io.lstmstreams.wire.InvalidRecordException;
import io.lstmstreams.wire.JsonInput;
import io.lstmstreams.wire.Labels;
import io.lstmstreams.wire.SeriesPoint;
import io.lstmstreams.wire.Topic;
import io.lstmstreams.wire.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The forecasting pipeline: points keyed by series id in; validated (bad points and late ones to the dead letters);
 * event-time tumbling windows, emitted once closed; per series, every closed window (and a missing value for every
 * window that closed empty since the last) through {@link SeriesForecaster}, whose state lives in a changelogged
 * RocksDB store; forecasts to {@code lstm.forecasts}, scored forecasts to {@code lstm.forecast-errors}, and the
 * realized value of every window to {@code lstm.labels} (what retraining learns from).
 *
 * <p>The model is read once per closed window, so a hot swap lands between two windows; each series' state is
 * rebuilt under the new model on its next window ({@link SeriesForecaster}).
 */
final class ForecastTopology {

    /** Stream time of the task, as Kafka's window operator tracks it, so its silent drops become dead letters. */
    private static final String STREAM_TIME_STORE = "forecast-stream-time";
    private static final String STREAM_TIME = "stream-time";
    /** A series silent for longer starts over cold: filling the gap with missing windows would take too long. */
    static final long MAX_GAP_WINDOWS = 10_000;

    private ForecastTopology() {
    }

    /** @param models the model to run, read once per window: a hot-swappable {@code LiveModel::current}, or a fixed one */
    static Topology build(Supplier<ForecastModel> models, ForecastSettings settings, MeterRegistry registry) {
        return build(models, settings, PipelineMeters.bound(ForecastTask.NAME, () -> models.get().version(), registry),
                new ForecastErrorMeters(registry));
    }

    private static Topology build(Supplier<ForecastModel> models, ForecastSettings settings, PipelineMeters meters,
                                  ForecastErrorMeters errorMeters) {
        Serde<SeriesPoint> points = Serdes.serdeFrom((topic, point) -> point.toJson(), (topic, bytes) -> SeriesPoint.parse(bytes));

        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STREAM_TIME_STORE), Serdes.String(), Serdes.Long()));
        builder.addStateStore(RecurrentStateStore.builder(settings.storeName()));

        KStream<String, ForecastMessage> messages = builder
                .stream(Topics.SERIES.topicName(), Topics.SERIES.consumed())
                .processValues(() -> new PointValidator(settings, meters), STREAM_TIME_STORE)
                .groupByKey(Grouped.with(Serdes.String(), points))
                .windowedBy(TimeWindows.ofSizeAndGrace(settings.windowSize(), settings.grace()))
                .aggregate(() -> WindowValues.EMPTY, (series, point, window) -> window.add(point),
                        Materialized.with(Serdes.String(), WindowValues.serde()))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()))
                .toStream()
                .process(() -> new SeriesProcessor(models, settings, meters, errorMeters), settings.storeName());

        messages.split()
                .branch((series, message) -> message instanceof ForecastMessage.Forecast, sendTo(Topics.FORECASTS))
                .branch((series, message) -> message instanceof ForecastMessage.Error, sendTo(Topics.FORECAST_ERRORS))
                .branch((series, message) -> message instanceof ForecastMessage.Realized, Branched.withConsumer(realized ->
                        realized.mapValues(ForecastMessage::toJson).to(Topics.LABELS.topicName(), Topics.LABELS.produced())))
                .defaultBranch(Branched.withConsumer(unknown -> unknown.foreach((series, message) -> {
                    throw new IllegalStateException("no topic for a " + message.getClass().getSimpleName());
                })));
        return builder.build();
    }

    /** The branch writing one message type to its topic. */
    private static <T extends ForecastMessage> Branched<String, ForecastMessage> sendTo(Topic<String, T> topic) {
        @SuppressWarnings("unchecked") // the branch's predicate checked the type
        Branched<String, ForecastMessage> branch = Branched.withConsumer(messages -> messages
                .mapValues(message -> (T) message).to(topic.topicName(), topic.produced()));
        return branch;
    }

    /**
     * Parses a point and stamps the record with its event time. One too far ahead of or behind the clock is rejected
     * as future or past ({@link ForecastSettings#futureTolerance()}, {@link ForecastSettings#pastTolerance()}) before
     * it can move stream time, so one far-off point cannot make later good ones late. A point whose window Kafka's
     * windowing would drop (window end at or before stream time minus grace) is rejected as late here, with the same
     * rule.
     */
    private static final class PointValidator implements FixedKeyProcessor<String, byte[], SeriesPoint> {

        private final long size;
        private final long grace;
        private final long maxAhead;
        private final long maxBehind;
        private final Counter in;
        private final Counter invalid;
        private final Counter late;
        private final Counter future;
        private final Counter past;
        private FixedKeyProcessorContext<String, SeriesPoint> context;
        private KeyValueStore<String, Long> streamTime;

        PointValidator(ForecastSettings settings, PipelineMeters meters) {
            this.size = settings.windowSize().toMillis();
            this.grace = settings.grace().toMillis();
            this.maxAhead = settings.futureTolerance().toMillis();
            this.maxBehind = settings.pastTolerance().toMillis();
            this.in = meters.recordsIn(Topics.SERIES.topicName());
            this.invalid = meters.deadLetters("invalid");
            this.late = meters.deadLetters("late");
            this.future = meters.deadLetters("future");
            this.past = meters.deadLetters("past");
        }

        @Override
        public void init(FixedKeyProcessorContext<String, SeriesPoint> context) {
            this.context = context;
            this.streamTime = context.getStateStore(STREAM_TIME_STORE);
        }

        @Override
        public void process(FixedKeyRecord<String, byte[]> record) {
            in.increment();
            SeriesPoint point;
            try {
                JsonInput.key(record.key(), "the series id");
                point = SeriesPoint.parse(record.value());
            } catch (InvalidRecordException e) {
                invalid.increment();
                throw e;
            }
            long clock = context.currentSystemTimeMs();
            if (point.time() > clock + maxAhead) {
                future.increment();
                throw new InvalidRecordException("future: point at " + point.time() + " is more than "
                        + maxAhead + " ms ahead of the clock (" + clock + ")");
            }
            if (point.time() < clock - maxBehind) {
                past.increment();
                throw new InvalidRecordException("past: point at " + point.time() + " is more than "
                        + maxBehind + " ms behind the clock (" + clock + ")");
            }
            Long now = streamTime.get(STREAM_TIME);
            long windowEnd = point.time() - point.time() % size + size;
            if (now != null && windowEnd <= now - grace) {
                late.increment();
                throw new InvalidRecordException("late: point at " + point.time() + " belongs to the window ending "
                        + windowEnd + ", closed at stream time " + now + " with grace " + grace + " ms");
            }
            if (now == null || point.time() > now) {
                streamTime.put(STREAM_TIME, point.time());
            }
            context.forward(record.withValue(point).withTimestamp(point.time()));
        }
    }

    /** Loads the series' state, feeds it the missing windows then the closed one, stores it, emits. */
    private static final class SeriesProcessor implements Processor<Windowed<String>, WindowValues, String, ForecastMessage> {

        private static final double[] MISSING = {Double.NaN};

        private final Supplier<ForecastModel> models;
        private final ForecastSettings settings;
        private final PipelineMeters meters;
        private final ForecastErrorMeters errors;
        private final long size;
        /** Runs the latest model read; holds scratch buffers: one per stream task. */
        private SeriesForecaster forecaster;
        private ProcessorContext<String, ForecastMessage> context;
        private RecurrentStateStore<SeriesState> store;

        SeriesProcessor(Supplier<ForecastModel> models, ForecastSettings settings, PipelineMeters meters,
                        ForecastErrorMeters errors) {
            this.models = models;
            this.settings = settings;
            this.meters = meters;
            this.errors = errors;
            this.size = settings.windowSize().toMillis();
        }

        @Override
        public void init(ProcessorContext<String, ForecastMessage> context) {
            this.context = context;
            this.store = RecurrentStateStore.open(context, settings.storeName(), SeriesStateCodec.CODEC, meters.storeMeters());
            meters.watchKeys(store, RecurrentStateStore::approximateKeys);
        }

        @Override
        public void process(Record<Windowed<String>, WindowValues> record) {
            ForecastModel model = models.get();
            if (forecaster == null || forecaster.model() != model) {
                forecaster = new SeriesForecaster(model, settings.historyLength(), settings.levels());
            }
            String series = record.key().key();
            long windowEnd = record.key().window().end();
            long start = System.nanoTime();
            SeriesState state = store.get(series);
            if (state == null) {
                state = forecaster.newState(settings.season());
            }
            if (state.steps() > 0 && (windowEnd - state.lastWindowEnd()) / size > MAX_GAP_WINDOWS) {
                state = forecaster.newState(settings.season());
            }
            List<ForecastMessage> messages = new ArrayList<>();
            if (state.steps() > 0) {
                for (long missing = state.lastWindowEnd() + size; missing < windowEnd; missing += size) {
                    accept(series, state, missing, MISSING, messages);
                }
            }
            accept(series, state, windowEnd, record.value().value(settings.aggregate()), messages);
            store.put(series, state);
            meters.step().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            for (ForecastMessage message : messages) {
                Headers headers = message instanceof ForecastMessage.Realized ? Labels.of(ForecastTask.NAME) : new RecordHeaders();
                context.forward(new Record<>(series, message, record.timestamp(), headers));
                meters.recordsOut(topicOf(message), forecaster.model().version()).increment();
                if (message instanceof ForecastMessage.Forecast) {
                    meters.outputOf(record.timestamp());
                }
            }
        }

        /** The topic the topology's branches send a message to, for the records-out meter. */
        private static String topicOf(ForecastMessage message) {
            return (message instanceof ForecastMessage.Forecast ? Topics.FORECASTS
                    : message instanceof ForecastMessage.Error ? Topics.FORECAST_ERRORS : Topics.LABELS).topicName();
        }

        /** One window: its realized value, then the forecaster's scores and forecast. */
        private void accept(String series, SeriesState state, long windowEnd, double[] values, List<ForecastMessage> messages) {
            messages.add(new ForecastMessage.Realized(ForecastMessage.FORMAT_VERSION, ForecastTask.NAME, series,
                    state.steps(), windowEnd, values[0], state.season()));
            for (ForecastMessage output : forecaster.accept(series, state, windowEnd, values)) {
                if (output instanceof ForecastMessage.Error score) {
                    errors.record(score);
                }
                messages.add(output);
            }
        }
    }
}

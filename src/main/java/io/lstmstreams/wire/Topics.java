package io.lstmstreams.wire;

import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic of the system, bound to its definition and serdes. Inputs are read as bytes: a record that cannot be
 * parsed is the processor's to dead-letter with a reason, not a deserialisation failure. Outputs are typed.
 */
public final class Topics {

    private static final Serde<String> IDS = Serdes.String();
    private static final Serde<byte[]> RAW = Serdes.ByteArray();

    /** Tokens of sentences ({@link TokenEvent}), keyed by sentence id. */
    public static final Topic<String, byte[]> TOKENS = Topic.of("tokens", IDS, RAW);
    /** Log keys of sessions ({@link TokenEvent}), keyed by session id. */
    public static final Topic<String, byte[]> EVENTS = Topic.of("events", IDS, RAW);
    /** Points of series ({@link SeriesPoint}), keyed by series id. */
    public static final Topic<String, byte[]> SERIES = Topic.of("series", IDS, RAW);
    public static final Topic<String, TagRecord> TAGS = Topic.of("tags", IDS, Json.serde(TagRecord.class));
    public static final Topic<String, AnomalyVerdict> ANOMALIES = Topic.of("anomalies", IDS, Json.serde(AnomalyVerdict.class));
    public static final Topic<String, ForecastMessage.Forecast> FORECASTS = Topic.of("forecasts", IDS,
            Json.serde(ForecastMessage.Forecast.class));
    public static final Topic<String, ForecastMessage.Error> FORECAST_ERRORS = Topic.of("forecast-errors", IDS,
            Json.serde(ForecastMessage.Error.class));
    /** Ground truth for retraining: each record's {@link Labels#TASK_HEADER} says whose, and so its schema. */
    public static final Topic<String, byte[]> LABELS = Topic.of("labels", IDS, RAW);
    /** The model registry: bundles and pointers, compacted. */
    public static final Topic<String, byte[]> MODELS = Topic.of("models", IDS, RAW);
    /** Records no pipeline could use, with the reason in their headers; keys are kept as they came. */
    public static final Topic<byte[], byte[]> DEAD_LETTERS = Topic.of("dead-letters", RAW, RAW);

    /** All of them, in this order (what {@code topics create} creates and every pipeline checks). */
    public static final List<Topic<?, ?>> ALL = List.of(TOKENS, EVENTS, SERIES, TAGS, ANOMALIES, FORECASTS,
            FORECAST_ERRORS, LABELS, MODELS, DEAD_LETTERS);

    private Topics() {
    }

    /** All definitions, in the order of {@link #ALL}. */
    public static List<TopicDefinition> definitions() {
        return ALL.stream().map(Topic::definition).toList();
    }
}

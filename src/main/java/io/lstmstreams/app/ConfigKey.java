package io.lstmstreams.app;

import io.lstmstreams.forecasting.ForecastSettings;
import io.lstmstreams.tagging.TaggingSettings;
import io.lstmstreams.tagging.TaggingTask;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;

/**
 * A setting of {@code run}: its name, type, default and meaning. {@link #ALL} is the one list of them, in the
 * order the README and {@code run --help} show them: general keys, then one section per pipeline.
 *
 * @param defaultValue the value when no source gives one, as text; {@code null}: none (the key is optional, or
 *                     required where it is used)
 */
public record ConfigKey<T>(String name, ValueType<T> type, String defaultValue, String description) {

    /** Environment variables are this prefix and the key in upper case, dots turned into underscores. */
    public static final String ENVIRONMENT_PREFIX = "LSTM_";

    public static final ConfigKey<String> BOOTSTRAP_SERVERS = new ConfigKey<>("bootstrap.servers", ValueType.ADDRESSES,
            null, "Kafka to connect to; required (--bootstrap-servers is short for --set bootstrap.servers=...).");
    public static final ConfigKey<String> APPLICATION_ID_PREFIX = new ConfigKey<>("application.id.prefix",
            ValueType.NAME, "lstm-streams",
            "Each pipeline runs as Kafka Streams application <prefix>-<pipeline>: its consumer group and the prefix"
                    + " of its changelog topics.");
    public static final ConfigKey<Path> STATE_DIR = new ConfigKey<>("state.dir", ValueType.PATH,
            Path.of(System.getProperty("java.io.tmpdir"), "lstm-streams").toString(),
            "Local state (RocksDB); each pipeline uses <state.dir>/<pipeline>. Default: java.io.tmpdir/lstm-streams;"
                    + " set it to a persistent disk, or state is rebuilt from the changelogs after a reboot.");
    public static final ConfigKey<String> PROCESSING_GUARANTEE = new ConfigKey<>("processing.guarantee",
            ValueType.oneOf(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE), StreamsConfig.EXACTLY_ONCE_V2,
            "exactly_once_v2: an event's outputs, state update and input offset commit together;"
                    + " at_least_once: faster, may repeat outputs after a failure.");
    public static final ConfigKey<List<Pipeline>> PIPELINES = new ConfigKey<>("pipelines", ValueType.PIPELINES,
            Pipeline.POS.key() + "," + Pipeline.LOGKEYS.key(),
            "The pipelines to run; each needs its <pipeline>.model. forecast is not in the default, so configurations"
                    + " without a forecast model keep working.");
    public static final ConfigKey<Integer> METRICS_PORT = new ConfigKey<>("metrics.port", ValueType.PORT, null,
            "Serve Prometheus metrics at http://HOST:PORT/metrics (all interfaces); unset: no endpoint.");
    public static final ConfigKey<Duration> TAGGING_IDLE_TIMEOUT = new ConfigKey<>("tagging.idle.timeout",
            ValueType.DURATION, "30m", "Tagging pipelines drop the state of a sequence without events for this long.");
    public static final ConfigKey<Integer> TAGGING_MAX_TOKEN_LENGTH = new ConfigKey<>("tagging.max.token.length",
            ValueType.POSITIVE, String.valueOf(TaggingSettings.defaults("any").maxTokenLength()),
            "Tagging pipelines dead-letter longer tokens.");
    public static final ConfigKey<Integer> TAGGING_HISTORY_LENGTH = new ConfigKey<>("tagging.history.length",
            ValueType.POSITIVE, String.valueOf(TaggingSettings.defaults("any").historyLength()),
            "Inputs kept per sequence to rebuild its recurrent state under a new model after a hot swap.");

    /** {@code <pipeline>.model}, one per pipeline. */
    private static final Map<Pipeline, ConfigKey<Path>> MODELS = Arrays.stream(Pipeline.values()).collect(
            Collectors.toMap(Function.identity(), pipeline -> new ConfigKey<>(pipeline.key() + ".model", ValueType.PATH,
                    null, "The " + pipeline.description() + " model bundle; required when " + pipeline.key() + " runs."),
                    (a, b) -> a, () -> new EnumMap<>(Pipeline.class)));

    public static final ConfigKey<Path> POS_MODEL = model(Pipeline.POS);
    public static final ConfigKey<Path> LOGKEYS_MODEL = model(Pipeline.LOGKEYS);
    public static final ConfigKey<Integer> LOGKEYS_TOP_G = new ConfigKey<>("logkeys.top.g", ValueType.POSITIVE,
            String.valueOf(TaggingTask.DEFAULT_TOP_G), "An event is anomalous when its key is not among the model's"
            + " top g predictions.");

    public static final ConfigKey<Path> FORECAST_MODEL = model(Pipeline.FORECAST);
    public static final ConfigKey<Duration> FORECAST_WINDOW_SIZE = new ConfigKey<>("forecast.window.size",
            ValueType.DURATION, "1m", "Event-time tumbling windows of this length turn each series' points into one"
            + " value per window; the horizon counts these windows (it comes from the model bundle).");
    public static final ConfigKey<Duration> FORECAST_WINDOW_GRACE = new ConfigKey<>("forecast.window.grace",
            ValueType.DURATION, "10s", "A window waits this long after its end for late points, then closes;"
            + " later points are dead-lettered as late.");
    public static final ConfigKey<String> FORECAST_AGGREGATE = new ConfigKey<>("forecast.aggregate",
            ValueType.oneOf("mean", "sum", "last"), "mean", "How a window's points become its value, per variable.");
    public static final ConfigKey<Integer> FORECAST_SEASON = new ConfigKey<>("forecast.season", ValueType.POSITIVE,
            String.valueOf(ForecastSettings.DEFAULT_SEASON), "Season length in windows (Holt-Winters, seasonal naive, MASE).");

    public static final ConfigKey<Boolean> RETRAIN_ENABLED = new ConfigKey<>("retrain.enabled", ValueType.BOOLEAN, "true",
            "Retrain each tagging pipeline from the labels it sees (pos: tokens with a gold tag; logkeys: events of"
                    + " sessions labelled normal) and promote better models."
                    + " Run it on one instance only: every instance with it on trains on all labels.");
    public static final ConfigKey<Duration> RETRAIN_INTERVAL = new ConfigKey<>("retrain.interval", ValueType.DURATION,
            "10m", "At most one retraining run per interval.");
    public static final ConfigKey<Integer> RETRAIN_MIN_NEW_LABELS = new ConfigKey<>("retrain.min.new.labels",
            ValueType.POSITIVE, "500", "A run needs at least this many labelled sentences that arrived since the last one.");
    public static final ConfigKey<Double> RETRAIN_MARGIN = new ConfigKey<>("retrain.margin", ValueType.FRACTION, "0.005",
            "A candidate is promoted only when its held-apart score (accuracy; minus the error for forecast) beats the running model's by this much.");
    public static final ConfigKey<Integer> RETRAIN_THREADS = new ConfigKey<>("retrain.threads", ValueType.POSITIVE, "1",
            "Training threads (ND4J's own are set by OMP_NUM_THREADS); the stream threads are never used.");
    public static final ConfigKey<Integer> RETRAIN_BUFFER_SIZE = new ConfigKey<>("retrain.buffer.size", ValueType.POSITIVE,
            "20000", "Labelled sentences kept (reservoir sampling beyond it, so the buffer stays representative).");
    public static final ConfigKey<Duration> RETRAIN_BUFFER_MAX_AGE = new ConfigKey<>("retrain.buffer.max.age",
            ValueType.DURATION, "7d", "Older labelled sentences leave the buffer; at start it is refilled from lstm.labels.");
    public static final ConfigKey<Integer> RETRAIN_HELD_APART_PERCENT = new ConfigKey<>("retrain.held.apart.percent",
            ValueType.POSITIVE, "10", "Share of labelled sentences never trained on, on which candidates are validated.");

    public static final List<ConfigKey<?>> ALL = List.of(BOOTSTRAP_SERVERS, APPLICATION_ID_PREFIX, STATE_DIR,
            PROCESSING_GUARANTEE, PIPELINES, METRICS_PORT, TAGGING_IDLE_TIMEOUT, TAGGING_MAX_TOKEN_LENGTH, TAGGING_HISTORY_LENGTH,
            POS_MODEL, LOGKEYS_MODEL, LOGKEYS_TOP_G, FORECAST_MODEL, FORECAST_WINDOW_SIZE, FORECAST_WINDOW_GRACE,
            FORECAST_AGGREGATE, FORECAST_SEASON, RETRAIN_ENABLED, RETRAIN_INTERVAL, RETRAIN_MIN_NEW_LABELS,
            RETRAIN_MARGIN, RETRAIN_THREADS, RETRAIN_BUFFER_SIZE, RETRAIN_BUFFER_MAX_AGE, RETRAIN_HELD_APART_PERCENT);

    public static ConfigKey<Path> model(Pipeline pipeline) {
        return MODELS.get(pipeline);
    }

    static Optional<ConfigKey<?>> named(String name) {
        return ALL.stream().filter(key -> key.name.equals(name)).findFirst();
    }

    /** {@code pos.model} is read from {@code LSTM_POS_MODEL}. */
    public String environmentVariable() {
        return ENVIRONMENT_PREFIX + name.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** Every key, one line each: name, environment variable, default, type and meaning (for {@code run --help}). */
    public static List<String> help() {
        return ALL.stream().flatMap(key -> Stream.of(
                String.format(Locale.ROOT, "  %-26s %s, default: %s", key.name, key.environmentVariable(),
                        key.defaultValue == null ? "none" : key.defaultValue),
                "      " + key.description + " Value: " + key.type.description() + ".")).toList();
    }
}

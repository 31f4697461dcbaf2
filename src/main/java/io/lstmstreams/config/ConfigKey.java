package io.lstmstreams.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;

/**
 * A setting of {@code run}: its name, type, default and meaning. The general keys are here; each task declares its
 * own, and the app puts them in one list ({@code Tasks.SETTINGS}), the order {@code run --help} and
 * docs/configuration.md show them: general keys, then one section per pipeline, then retraining.
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
    public static final ConfigKey<String> INSTANCE_ID = new ConfigKey<>("instance.id", ValueType.NAME, null,
            "This instance's name in its pipelines' consumer groups (Kafka's static membership, group.instance.id):"
                    + " restarted under the same name, it gets its partitions back at once instead of after the old"
                    + " member's session timeout. Unique per running instance; unset: a name made on the first start"
                    + " and kept in state.dir (file instance.id), so a restart on the same state.dir rejoins as the same"
                    + " member. A clean stop leaves the groups either way.");
    public static final ConfigKey<Integer> STANDBY_REPLICAS = new ConfigKey<>("standby.replicas", ValueType.COUNT, "1",
            "Warm copies of each pipeline's state kept on other instances (Kafka Streams' num.standby.replicas): a"
                    + " killed instance's tasks go on at once elsewhere instead of after a changelog restore. No cost"
                    + " with one instance (a copy is never kept beside its original); 0: none.");
    public static final ConfigKey<Path> STATE_DIR = new ConfigKey<>("state.dir", ValueType.PATH,
            Path.of(System.getProperty("java.io.tmpdir"), "lstm-streams").toString(),
            "Local state (RocksDB); each pipeline uses <state.dir>/<pipeline>. Default: java.io.tmpdir/lstm-streams;"
                    + " set it to a persistent disk, or state is rebuilt from the changelogs after a reboot.");
    public static final ConfigKey<String> PROCESSING_GUARANTEE = new ConfigKey<>("processing.guarantee",
            ValueType.oneOf(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE), StreamsConfig.EXACTLY_ONCE_V2,
            "exactly_once_v2: an event's outputs, state update and input offset commit together;"
                    + " at_least_once: faster, may repeat outputs after a failure.");
    public static final ConfigKey<String> METRICS_HOST = new ConfigKey<>("metrics.host", ValueType.HOST, "127.0.0.1",
            "The address the metrics endpoint listens on; 0.0.0.0 for every interface (a Prometheus elsewhere).");
    public static final ConfigKey<Integer> METRICS_PORT = new ConfigKey<>("metrics.port", ValueType.PORT, null,
            "Serve Prometheus metrics at http://HOST:PORT/metrics and health at /health; unset: no endpoint.");
    public static final ConfigKey<Duration> METRICS_KAFKA_REFRESH = new ConfigKey<>("metrics.kafka.refresh",
            ValueType.DURATION, "60s", "How often Kafka Streams' own metrics are looked for anew: per-task ones"
            + " appear up to this long after a rebalance.");
    public static final ConfigKey<Boolean> RETRAIN_ENABLED = new ConfigKey<>("retrain.enabled", ValueType.BOOLEAN, "true",
            "Retrain each pipeline from the labels it sees (pos: tokens with a gold tag; logkeys: events of"
                    + " sessions labelled normal; forecast: realized windows) and promote better models. Every instance"
                    + " buffers labels; the one elected leader (a consumer group on lstm.models) trains.");
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

    /** The settings of every run, before the pipelines' own. */
    public static final List<ConfigKey<?>> GENERAL = List.of(BOOTSTRAP_SERVERS, APPLICATION_ID_PREFIX, INSTANCE_ID,
            STANDBY_REPLICAS, STATE_DIR, PROCESSING_GUARANTEE, METRICS_HOST, METRICS_PORT, METRICS_KAFKA_REFRESH);
    /** The settings of retraining, after the pipelines' own. */
    public static final List<ConfigKey<?>> RETRAINING = List.of(RETRAIN_ENABLED, RETRAIN_INTERVAL,
            RETRAIN_MIN_NEW_LABELS, RETRAIN_MARGIN, RETRAIN_THREADS, RETRAIN_BUFFER_SIZE, RETRAIN_BUFFER_MAX_AGE,
            RETRAIN_HELD_APART_PERCENT);

    /** {@code <task>.model}: the bundle a task's pipeline starts on. */
    public static ConfigKey<Path> model(String task, String description) {
        return new ConfigKey<>(task + ".model", ValueType.PATH, null,
                "The " + description + " model bundle; required when " + task + " runs.");
    }

    /** {@code pos.model} is read from {@code LSTM_POS_MODEL}. */
    public String environmentVariable() {
        return ENVIRONMENT_PREFIX + name.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** Every key, one line each: name, environment variable, default, type and meaning (for {@code run --help}). */
    public static List<String> help(List<ConfigKey<?>> keys) {
        return keys.stream().flatMap(key -> Stream.of(
                String.format(Locale.ROOT, "  %-26s %s, default: %s", key.name, key.environmentVariable(),
                        key.defaultValue == null ? "none" : key.defaultValue),
                "      " + key.description + " Value: " + key.type.description() + ".")).toList();
    }
}

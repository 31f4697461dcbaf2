package io.lstmstreams.app;

import io.lstmstreams.config.ConfigException;
import io.lstmstreams.config.ConfigFile;
import io.lstmstreams.config.ConfigKey;
import io.lstmstreams.config.Setting;
import io.lstmstreams.config.Settings;
import io.lstmstreams.kafka.StreamsProperties;
import io.lstmstreams.task.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The checked settings of {@code run}. Each key takes its value from the first source that gives one:
 * flags ({@code --set key=value}, {@code --bootstrap-servers}), then environment variables
 * ({@link ConfigKey#environmentVariable()}), then the config file, then the key's default. Every setting given
 * anywhere is checked, so an unknown key or a bad value fails at start, named with where it was given.
 */
public final class AppConfig implements Settings {

    /** Variables of the launcher script, {@code bin/lstm-streams}; every other {@code LSTM_*} variable is a setting. */
    static final Set<String> LAUNCHER_VARIABLES = Set.of("LSTM_JAVA_OPTS", "LSTM_LOG_LEVEL", "LSTM_KAFKA_LOG_LEVEL",
            "LSTM_ROOT_LOG_LEVEL");

    private final Map<ConfigKey<?>, Object> values;
    /** The setting each value came from (its default included), for messages. */
    private final Map<ConfigKey<?>, Setting> sources;
    /** Kafka name to value, from the {@code kafka.*} settings. */
    private final Map<String, String> kafka;

    private AppConfig(Map<ConfigKey<?>, Object> values, Map<ConfigKey<?>, Setting> sources, Map<String, String> kafka) {
        this.values = values;
        this.sources = sources;
        this.kafka = Collections.unmodifiableMap(kafka);
    }

    /**
     * @param flags       settings given on the command line
     * @param environment the process environment (injectable for tests); only {@code LSTM_*} variables are read
     * @param file        the config file, or {@code null}
     * @throws ConfigException naming the first key that is unknown, malformed or missing
     */
    public static AppConfig load(List<Setting> flags, Map<String, String> environment, Path file) {
        List<Setting> lowestFirst = new ArrayList<>();
        if (file != null) {
            lowestFirst.addAll(ConfigFile.read(file));
        }
        lowestFirst.addAll(fromEnvironment(environment));
        lowestFirst.addAll(flags);

        List<Setting> defaults = Tasks.SETTINGS.stream().filter(key -> key.defaultValue() != null)
                .map(key -> new Setting(key.name(), key.defaultValue(), "default")).toList();
        lowestFirst.addAll(0, defaults);

        Map<ConfigKey<?>, Object> values = new HashMap<>();
        Map<ConfigKey<?>, Setting> sources = new HashMap<>();
        Map<String, String> kafka = new TreeMap<>();
        for (Setting setting : lowestFirst) {
            if (setting.key().startsWith(KafkaSettings.PREFIX)) {
                kafka.put(KafkaSettings.kafkaName(setting), setting.value());
            } else {
                ConfigKey<?> key = named(setting.key()).orElseThrow(() -> setting.error(
                        "unknown key; known keys: " + Tasks.SETTINGS.stream().map(ConfigKey::name)
                                .collect(Collectors.joining(", ")) + " and kafka.*"));
                values.put(key, key.type().parse(setting));
                sources.put(key, setting);
            }
        }
        AppConfig config = new AppConfig(values, sources, kafka);
        config.require(ConfigKey.BOOTSTRAP_SERVERS, "");
        config.tasks().forEach(task -> config.require(Tasks.model(task),
                " (needed by " + config.describe(Tasks.PIPELINES) + ")"));
        return config;
    }

    /**
     * This config with {@code instance.id} set where no source gave one, to the name kept in {@code state.dir}
     * ({@link StateDirectoryName}): every run is then a static member of its groups.
     */
    AppConfig withInstanceId() {
        if (values.containsKey(ConfigKey.INSTANCE_ID)) {
            return this;
        }
        Path stateDir = get(ConfigKey.STATE_DIR);
        String name = StateDirectoryName.of(stateDir);
        Map<ConfigKey<?>, Object> named = new HashMap<>(values);
        named.put(ConfigKey.INSTANCE_ID, name);
        Map<ConfigKey<?>, Setting> origins = new HashMap<>(sources);
        origins.put(ConfigKey.INSTANCE_ID, new Setting(ConfigKey.INSTANCE_ID.name(), name,
                "kept in " + stateDir.resolve(StateDirectoryName.FILE)));
        return new AppConfig(named, origins, kafka);
    }

    /** The value of a key, its default where no source gave one. */
    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        T value = (T) values.get(key);
        if (value == null) {
            throw new IllegalStateException(key.name() + " is not set");
        }
        return value;
    }

    public <T> Optional<T> find(ConfigKey<T> key) {
        return values.containsKey(key) ? Optional.of(get(key)) : Optional.empty();
    }

    /** {@code key=value (origin)} for messages, e.g. {@code pos.model=/models/pos.bundle (--set)}. */
    public String describe(ConfigKey<?> key) {
        Setting source = sources.get(key);
        return key.name() + "=" + source.value() + " (" + source.origin() + ")";
    }

    /** The tasks to run, as {@code pipelines} names them. */
    public List<Task<?, ?>> tasks() {
        return get(Tasks.PIPELINES).stream().<Task<?, ?>>map(Tasks::require).toList();
    }

    /** The {@code kafka.*} settings, by Kafka name. */
    public Map<String, String> kafka() {
        return kafka;
    }

    public String applicationId(Task<?, ?> task) {
        return get(ConfigKey.APPLICATION_ID_PREFIX) + "-" + task.name();
    }

    /** Kafka Streams settings of one pipeline: the project's base, this config's keys, then {@code kafka.*}. */
    public Properties streamsProperties(Task<?, ?> task) {
        Properties properties = StreamsProperties.base(applicationId(task), get(ConfigKey.BOOTSTRAP_SERVERS),
                get(ConfigKey.STATE_DIR).resolve(task.name()));
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, get(ConfigKey.PROCESSING_GUARANTEE));
        properties.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, get(ConfigKey.STANDBY_REPLICAS));
        // Kafka Streams appends each stream thread's index; every pipeline is a group of its own, so one name serves all.
        find(ConfigKey.INSTANCE_ID).ifPresent(name -> properties.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, name));
        properties.putAll(kafka);
        return properties;
    }

    /** Admin client settings as Kafka Streams would derive them: security and {@code admin.*} settings included. */
    public Map<String, Object> adminConfig() {
        Task<?, ?> any = tasks().get(0);
        return new StreamsConfig(streamsProperties(any)).getAdminConfigs(get(ConfigKey.APPLICATION_ID_PREFIX));
    }

    private static Optional<ConfigKey<?>> named(String name) {
        return Tasks.SETTINGS.stream().filter(key -> key.name().equals(name)).findFirst();
    }

    private void require(ConfigKey<?> key, String neededBy) {
        if (!values.containsKey(key)) {
            throw new ConfigException(key.name() + " is not set" + neededBy + ": give it with --set " + key.name()
                    + "=..., " + key.environmentVariable() + " or the config file");
        }
    }

    /**
     * {@code LSTM_POS_MODEL} sets {@code pos.model}. {@code kafka.*} settings cannot come from here: turning
     * underscores back into Kafka's dotted names would be a guess, and the launcher's {@code LSTM_KAFKA_LOG_LEVEL}
     * already lives in that namespace.
     */
    private static List<Setting> fromEnvironment(Map<String, String> environment) {
        Map<String, ConfigKey<?>> byVariable = Tasks.SETTINGS.stream()
                .collect(Collectors.toMap(ConfigKey::environmentVariable, key -> key));
        return new TreeMap<>(environment).entrySet().stream()
                .filter(variable -> variable.getKey().startsWith(ConfigKey.ENVIRONMENT_PREFIX))
                .filter(variable -> !LAUNCHER_VARIABLES.contains(variable.getKey()))
                .map(variable -> {
                    String origin = "environment variable " + variable.getKey();
                    ConfigKey<?> key = byVariable.get(variable.getKey());
                    if (key == null) {
                        throw new ConfigException(variable.getKey() + ": no such setting (variables are "
                                + ConfigKey.ENVIRONMENT_PREFIX + " and the key in upper case with '_' for '.';"
                                + " kafka.* settings only from --set or the config file)");
                    }
                    return new Setting(key.name(), variable.getValue(), origin);
                }).toList();
    }
}

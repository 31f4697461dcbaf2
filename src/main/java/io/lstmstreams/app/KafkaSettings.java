package io.lstmstreams.app;

import io.lstmstreams.config.ConfigException;
import io.lstmstreams.config.ConfigKey;
import io.lstmstreams.config.Setting;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigTransformer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The {@code kafka.*} settings: passed to Kafka Streams and every client it makes with {@code kafka.} stripped
 * (security settings, timeouts, tuning). Checked at start against Kafka's own config definitions, names and
 * values, so a typo fails there instead of being ignored with a warning. Secrets need not be written here: Kafka's
 * config providers ({@code kafka.config.providers=env,file} with {@code kafka.config.providers.env.class=...}) let a
 * value say {@code ${env:NAME}} or {@code ${file:/path:key}}, resolved by each Kafka client when it starts, so the
 * secret never passes through this project's settings, messages or logs.
 */
final class KafkaSettings {

    static final String PREFIX = "kafka.";

    /** Unprefixed names may be any of these; the first that defines a name checks its value. */
    private static final List<ConfigDef> DEFINITIONS = List.of(StreamsConfig.configDef(), ProducerConfig.configDef(),
            ConsumerConfig.configDef(), AdminClientConfig.configDef());

    /** Kafka Streams' prefixes for settings meant for one of its clients only. */
    private static final Map<String, ConfigDef> CLIENT_PREFIXES = Map.of(
            StreamsConfig.PRODUCER_PREFIX, ProducerConfig.configDef(),
            StreamsConfig.CONSUMER_PREFIX, ConsumerConfig.configDef(),
            StreamsConfig.MAIN_CONSUMER_PREFIX, ConsumerConfig.configDef(),
            StreamsConfig.RESTORE_CONSUMER_PREFIX, ConsumerConfig.configDef(),
            StreamsConfig.GLOBAL_CONSUMER_PREFIX, ConsumerConfig.configDef(),
            StreamsConfig.ADMIN_CLIENT_PREFIX, AdminClientConfig.configDef());

    /** Kafka settings that lstm-streams derives from its own keys, which must not be bypassed. */
    private static final Map<String, ConfigKey<?>> DERIVED = Map.of(
            StreamsConfig.APPLICATION_ID_CONFIG, ConfigKey.APPLICATION_ID_PREFIX,
            StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, ConfigKey.BOOTSTRAP_SERVERS,
            StreamsConfig.STATE_DIR_CONFIG, ConfigKey.STATE_DIR,
            StreamsConfig.PROCESSING_GUARANTEE_CONFIG, ConfigKey.PROCESSING_GUARANTEE,
            ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, ConfigKey.INSTANCE_ID,
            StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, ConfigKey.STANDBY_REPLICAS);

    /** {@code config.providers.<name>.class} and {@code config.providers.<name>.param.<param>}: the providers' own. */
    private static final String PROVIDER_PREFIX = AbstractConfig.CONFIG_PROVIDERS_CONFIG + ".";
    /** A value a config provider gives: {@code ${provider:[path:]key}} anywhere in it, as Kafka's ConfigTransformer finds it. */
    private static final Pattern VARIABLE = ConfigTransformer.DEFAULT_PATTERN;

    private KafkaSettings() {
    }

    /** The Kafka name of a {@code kafka.*} setting, once Kafka knows the name and accepts the value. */
    static String kafkaName(Setting setting) {
        String name = setting.key().substring(PREFIX.length());
        ConfigKey<?> derived = DERIVED.get(name);
        if (derived != null) {
            throw setting.error("set by lstm-streams from " + derived.name() + "; use that key");
        }
        if (name.startsWith(PROVIDER_PREFIX)) {
            return name;
        }
        ConfigDef.ConfigKey definition = definition(name).orElseThrow(() -> setting.error("unknown Kafka setting '"
                + name + "' (not a Kafka Streams, producer, consumer or admin config, nor one of those with a "
                + String.join("/", CLIENT_PREFIXES.keySet().stream().sorted().toList()) + " prefix)"));
        if (VARIABLE.matcher(setting.value()).find()) {
            return name; // its value comes from a config provider when a client starts, and is checked there
        }
        try {
            Object value = ConfigDef.parseType(definition.name, setting.value(), definition.type);
            if (definition.validator != null) {
                definition.validator.ensureValid(definition.name, value);
            }
        } catch (org.apache.kafka.common.config.ConfigException e) {
            throw setting.error(e.getMessage());
        }
        return name;
    }

    /** Kafka's definition of a name, its client prefix (if any) removed. */
    private static Optional<ConfigDef.ConfigKey> definition(String name) {
        Optional<Map.Entry<String, ConfigDef>> client = CLIENT_PREFIXES.entrySet().stream()
                .filter(prefix -> name.startsWith(prefix.getKey())).findFirst();
        if (client.isPresent()) {
            return Optional.ofNullable(client.get().getValue().configKeys().get(name.substring(client.get().getKey().length())));
        }
        return DEFINITIONS.stream().map(definitions -> definitions.configKeys().get(name))
                .filter(Objects::nonNull).findFirst();
    }
}

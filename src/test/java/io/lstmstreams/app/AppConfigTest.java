package io.lstmstreams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lstmstreams.config.ConfigException;
import io.lstmstreams.config.ConfigKey;
import io.lstmstreams.config.Setting;
import io.lstmstreams.logkeys.LogKeysTask;
import io.lstmstreams.tagging.TaggingSettings;
import io.lstmstreams.task.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppConfigTest {

    /** The least a config needs: a broker and the one pipeline's model. */
    static final List<Setting> MINIMAL = List.of(set("bootstrap.servers", "kafka:9092"), set("pipelines", "pos"),
            set("pos.model", "pos.bundle"));

    @TempDir
    Path dir;

    @Test
    void defaultsApplyWhereNothingIsGiven() {
        AppConfig config = AppConfig.load(MINIMAL, Map.of(), null);

        assertThat(config.get(ConfigKey.APPLICATION_ID_PREFIX)).isEqualTo("lstm-streams");
        assertThat(config.get(ConfigKey.PROCESSING_GUARANTEE)).isEqualTo("exactly_once_v2");
        assertThat(config.get(LogKeysTask.TOP_G)).isEqualTo(9);
        assertThat(config.get(TaggingSettings.IDLE_TIMEOUT)).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.get(TaggingSettings.MAX_TOKEN_LENGTH)).isEqualTo(256);
        assertThat(config.find(ConfigKey.METRICS_PORT)).isEmpty();
        assertThat(AppConfig.load(List.of(set("bootstrap.servers", "k:1"), set("pos.model", "p"),
                set("logkeys.model", "l")), Map.of(), null).tasks()).extracting(Task::name).containsExactly("pos", "logkeys");
    }

    @Test
    void flagBeatsEnvironmentBeatsFileBeatsDefault() throws IOException {
        Path file = file("logkeys.top.g=3", "tagging.max.token.length=100", "tagging.idle.timeout=5m",
                "application.id.prefix=from-file");
        Map<String, String> environment = Map.of("LSTM_LOGKEYS_TOP_G", "4", "LSTM_TAGGING_MAX_TOKEN_LENGTH", "200");
        List<Setting> flags = with(set("logkeys.top.g", "5"));

        AppConfig config = AppConfig.load(flags, environment, file);

        assertThat(config.get(LogKeysTask.TOP_G)).isEqualTo(5);
        assertThat(config.get(TaggingSettings.MAX_TOKEN_LENGTH)).isEqualTo(200);
        assertThat(config.get(TaggingSettings.IDLE_TIMEOUT)).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.get(ConfigKey.APPLICATION_ID_PREFIX)).isEqualTo("from-file");
        assertThat(config.get(ConfigKey.PROCESSING_GUARANTEE)).isEqualTo("exactly_once_v2");
        assertThat(config.describe(TaggingSettings.MAX_TOKEN_LENGTH))
                .isEqualTo("tagging.max.token.length=200 (environment variable LSTM_TAGGING_MAX_TOKEN_LENGTH)");
    }

    @Test
    void environmentVariableIsTheKeyUpperCasedWithUnderscores() {
        AppConfig config = AppConfig.load(List.of(), Map.of("LSTM_BOOTSTRAP_SERVERS", "k:1", "LSTM_PIPELINES", "logkeys",
                "LSTM_LOGKEYS_MODEL", "/m/logkeys.bundle", "LSTM_LOG_LEVEL", "DEBUG", "PATH", "/bin"), null);

        assertThat(config.get(Tasks.model("logkeys"))).isEqualTo(Path.of("/m/logkeys.bundle"));
        assertThat(Tasks.model("pos").environmentVariable()).isEqualTo("LSTM_POS_MODEL");
    }

    @Test
    void unknownKeyIsRejectedNamingItAndItsFileLine() throws IOException {
        Path file = file("# models", "pos.model=pos.bundle", "", "pos.modle=typo.bundle");

        assertThatThrownBy(() -> AppConfig.load(MINIMAL, Map.of(), file)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("pos.modle (" + file + ":4): unknown key; known keys: bootstrap.servers");
    }

    @Test
    void unknownFlagKeyAndUnknownEnvironmentVariableAreRejected() {
        rejected("top.g", "3")
                .hasMessageStartingWith("top.g (--set): unknown key");
        assertThatThrownBy(() -> AppConfig.load(MINIMAL, Map.of("LSTM_POS_MODLE", "x"), null))
                .hasMessageStartingWith("LSTM_POS_MODLE: no such setting");
        assertThatThrownBy(() -> AppConfig.load(MINIMAL, Map.of("LSTM_KAFKA_SECURITY_PROTOCOL", "SSL"), null))
                .hasMessageContaining("kafka.* settings only from --set or the config file");
    }

    @Test
    void badValuesAreRejectedNamingKeyValueAndOrigin() {
        rejected("logkeys.top.g", "zero")
                .hasMessage("logkeys.top.g (--set): 'zero' is not a whole number >= 1");
        assertThatThrownBy(() -> AppConfig.load(MINIMAL, Map.of("LSTM_PROCESSING_GUARANTEE", "exactly_once"), null))
                .hasMessage("processing.guarantee (environment variable LSTM_PROCESSING_GUARANTEE): 'exactly_once'"
                        + " is not one of exactly_once_v2, at_least_once");
        rejected("tagging.idle.timeout", "PT30M")
                .hasMessageStartingWith("tagging.idle.timeout (--set): 'PT30M' is not a duration > 0 such as 30m");
        rejected("pipelines", "pos,pos")
                .hasMessageStartingWith("pipelines (--set): 'pos,pos' is not a comma-separated list of pos, logkeys, forecast");
        rejected("bootstrap.servers", "kafka")
                .hasMessageStartingWith("bootstrap.servers (--set): 'kafka' is not a comma-separated list of HOST:PORT");
        rejected("metrics.port", "70000")
                .hasMessageStartingWith("metrics.port (--set): '70000' is not a port number");
    }

    @Test
    void aConfiguredPipelineWithoutItsModelIsRejected() {
        assertThatThrownBy(() -> AppConfig.load(List.of(set("bootstrap.servers", "k:1"), set("pos.model", "p")), Map.of(), null))
                .hasMessage("logkeys.model is not set (needed by pipelines=pos,logkeys (default)): give it with"
                        + " --set logkeys.model=..., LSTM_LOGKEYS_MODEL or the config file");
        assertThatThrownBy(() -> AppConfig.load(List.of(set("pipelines", "pos"), set("pos.model", "p")), Map.of(), null))
                .hasMessageStartingWith("bootstrap.servers is not set");
    }

    @Test
    void kafkaSettingsReachTheStreamsAndAdminPropertiesWithThePrefixStripped() throws IOException {
        Path file = file("kafka.security.protocol=SASL_SSL", "kafka.sasl.mechanism=PLAIN",
                "kafka.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required \\",
                "    username=\"app\" password=\"secret\";",
                "kafka.producer.compression.type=lz4", "kafka.commit.interval.ms=250");

        AppConfig config = AppConfig.load(with(set("kafka.commit.interval.ms", "500")), Map.of(), file);
        Properties streams = config.streamsProperties(Tasks.require("pos"));

        assertThat(streams).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"app\" password=\"secret\";")
                .containsEntry("producer.compression.type", "lz4")
                .containsEntry("commit.interval.ms", "500")
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "lstm-streams-pos")
                .containsEntry(StreamsConfig.STATE_DIR_CONFIG, config.get(ConfigKey.STATE_DIR).resolve("pos").toString());
        assertThat(config.adminConfig()).containsEntry(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_SSL")
                .containsEntry(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9092");
    }

    @Test
    void secretsComeFromKafkasConfigProvidersResolvedOnlyInsideTheClients() throws IOException {
        Path secrets = dir.resolve("secrets.properties");
        Files.writeString(secrets, "password=hunter2\n");
        String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"app\" password=\"${file:"
                + secrets + ":password}\";";
        Path file = file("kafka.config.providers=env,file",
                "kafka.config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider",
                "kafka.config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider",
                "kafka.security.protocol=SASL_SSL", "kafka.sasl.mechanism=SCRAM-SHA-512",
                "kafka.sasl.jaas.config=" + jaas.replace("\\", "\\\\"),
                "kafka.ssl.truststore.password=${file:" + secrets + ":password}",
                "kafka.ssl.keystore.password=${env:HOME}",
                // an int from a provider cannot be checked at load; the client checks it once resolved
                "kafka.request.timeout.ms=${env:LSTM_TEST_NO_SUCH_VARIABLE}");

        AppConfig config = AppConfig.load(MINIMAL, Map.of(), file);
        Properties streams = config.streamsProperties(Tasks.require("pos"));
        streams.remove("request.timeout.ms");
        Map<String, Object> admin = new StreamsConfig(streams).getAdminConfigs("x");

        assertThat(config.kafka()).containsEntry("ssl.truststore.password", "${file:" + secrets + ":password}")
                .containsEntry("request.timeout.ms", "${env:LSTM_TEST_NO_SUCH_VARIABLE}");
        assertThat(config.kafka().toString()).doesNotContain("hunter2");
        assertThat(admin).containsEntry("ssl.truststore.password", "hunter2")
                .containsEntry("ssl.keystore.password", System.getenv("HOME"))
                .containsEntry("sasl.jaas.config", jaas.replace("${file:" + secrets + ":password}", "hunter2"));
    }

    @Test
    void anInstanceIdMakesEveryPipelineAStaticMemberOfItsGroup() throws IOException {
        AppConfig named = AppConfig.load(with(set("instance.id", "node-1")), Map.of(), null);
        AppConfig unnamed = AppConfig.load(with(set("state.dir", dir.resolve("state").toString())), Map.of(), null);

        assertThat(named.withInstanceId().streamsProperties(Tasks.require("pos"))).containsEntry("group.instance.id", "node-1");
        assertThat(unnamed.streamsProperties(Tasks.require("pos"))).doesNotContainKey("group.instance.id");
        // unnamed, a run takes the name kept in its state directory: the same on every start there
        String kept = unnamed.withInstanceId().get(ConfigKey.INSTANCE_ID);
        assertThat(unnamed.withInstanceId().streamsProperties(Tasks.require("pos"))).containsEntry("group.instance.id", kept);
        assertThat(Files.readString(dir.resolve("state").resolve("instance.id")).trim()).isEqualTo(kept);
        assertThat(unnamed.withInstanceId().describe(ConfigKey.INSTANCE_ID))
                .isEqualTo("instance.id=" + kept + " (kept in " + dir.resolve("state").resolve("instance.id") + ")");
        rejected("kafka.group.instance.id", "x")
                .hasMessage("kafka.group.instance.id (--set): set by lstm-streams from instance.id; use that key");
    }

    @Test
    void unknownOrInvalidOrDerivedKafkaSettingsAreRejected() {
        rejected("kafka.x.y", "1")
                .hasMessageStartingWith("kafka.x.y (--set): unknown Kafka setting 'x.y'");
        rejected("kafka.producer.max.poll.records", "1")
                .hasMessageStartingWith("kafka.producer.max.poll.records (--set): unknown Kafka setting");
        rejected("kafka.security.protocol", "SASL_TLS")
                .hasMessageStartingWith("kafka.security.protocol (--set): Invalid value SASL_TLS");
        rejected("kafka.linger.ms", "soon")
                .hasMessageStartingWith("kafka.linger.ms (--set): Invalid value soon");
        rejected("kafka.application.id", "x")
                .hasMessage("kafka.application.id (--set): set by lstm-streams from application.id.prefix; use that key");
    }

    /** Loading the minimal config with one more {@code --set key=value} fails. */
    private static AbstractThrowableAssert<?, ? extends Throwable> rejected(String key, String value) {
        return assertThatThrownBy(() -> AppConfig.load(with(set(key, value)), Map.of(), null))
                .isInstanceOf(ConfigException.class);
    }

    private static Setting set(String key, String value) {
        return new Setting(key, value, "--set");
    }

    private static List<Setting> with(Setting setting) {
        return java.util.stream.Stream.concat(MINIMAL.stream(), java.util.stream.Stream.of(setting)).toList();
    }

    private Path file(String... lines) throws IOException {
        return Files.write(dir.resolve("app.properties"), List.of(lines));
    }
}

package io.lstmstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.data.Conllu;
import io.lstmstreams.data.Sentence;
import io.lstmstreams.kafka.EmbeddedKafkaBroker;
import io.lstmstreams.kafka.Replayer;
import io.lstmstreams.model.CellType;
import io.lstmstreams.pos.PosTask;
import io.lstmstreams.training.TrainingConfig;
import io.lstmstreams.wire.TagRecord;
import io.lstmstreams.wire.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka security from configuration, against the embedded broker's TLS listener with client authentication required
 * and certificates made here by {@code keytool}: {@code topics create}, {@code replay} and {@code run} (its own JVM,
 * Kafka's config logged at INFO) all talk TLS only, secrets come from an environment variable and a file through
 * Kafka's config providers, and never appear in what {@code run} prints; a client with an unknown certificate, or
 * with none, is refused with a message that says so.
 */
class SecurityIT {

    static final Path EWT_DEV = Path.of("src/main/resources/data/ewt/en_ewt-ud-dev.conllu.gz");
    /** One secret for every store; random, so finding it in the output cannot be a coincidence. */
    static final String SECRET = "s3cret-" + UUID.randomUUID();
    static final String SECRET_VARIABLE = "TLS_KEYSTORE_PASSWORD";

    @TempDir
    static Path dir;
    static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void certificatesAndBroker() throws Exception {
        keyPair("broker.p12", "broker", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1");
        keyPair("app.p12", "app", "CN=lstm-streams");
        keyPair("intruder.p12", "intruder", "CN=intruder");
        trust("broker.p12", "broker", "app-trust.p12");
        trust("broker.p12", "broker", "intruder-trust.p12"); // so it is the broker that refuses the intruder
        trust("app.p12", "app", "broker-trust.p12"); // the broker knows the app's certificate, not the intruder's
        Files.writeString(dir.resolve("secrets.properties"), "password=" + SECRET + "\n");
        kafka = EmbeddedKafkaBroker.inTemporaryDirectory(0)
                .withTls(new EmbeddedKafkaBroker.Tls(dir.resolve("broker.p12"), dir.resolve("broker-trust.p12"), SECRET))
                .start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aPipelineRunsOverMutualTlsWithItsSecretsFromTheEnvironmentAndAFileNeverPrinted() throws Exception {
        Path clientFile = commandConfig("app.p12", "app-trust.p12");
        CapturedCli topics = CapturedCli.run("topics", "create", "--bootstrap-servers", kafka.tlsBootstrapServers(),
                "--command-config", clientFile.toString());
        assertThat(topics.err()).isEmpty();
        assertThat(topics.exitCode()).isEqualTo(ExitCodes.OK);

        Path bundle = dir.resolve("pos.bundle");
        TrainingConfig quick = new TrainingConfig(TrainingConfig.Optimizer.ADAM, 1e-2, 5.0, 32, 1, 1, 0.1, 1);
        PosTask.train(Conllu.read(EWT_DEV).subList(200, 300),
                new PosTask.Options(0, CellType.LSTM, 16, 1, 0.0, 8, 4, 256, 1, 0, quick), null, 0, 3, report -> { }).write(bundle);
        List<Sentence> sentences = Conllu.read(EWT_DEV).subList(0, 5);
        List<KeyValue<String, byte[]>> tokens = PosTask.records(sentences);
        try (Replayer replayer = new Replayer(appClient())) {
            replayer.replay(Topics.TOKENS, tokens, 0);
        }

        Path config = dir.resolve("app.properties");
        Files.writeString(config, String.join("\n",
                "bootstrap.servers=" + kafka.tlsBootstrapServers(),
                "pipelines=pos",
                "pos.model=" + bundle,
                "state.dir=" + dir.resolve("state"),
                "kafka.config.providers=env,file",
                "kafka.config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider",
                "kafka.config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider",
                "kafka.security.protocol=SSL",
                "kafka.ssl.keystore.type=PKCS12",
                "kafka.ssl.keystore.location=" + dir.resolve("app.p12"),
                "kafka.ssl.keystore.password=${env:" + SECRET_VARIABLE + "}",
                "kafka.ssl.key.password=${file:" + dir.resolve("secrets.properties") + ":password}",
                "kafka.ssl.truststore.type=PKCS12",
                "kafka.ssl.truststore.location=" + dir.resolve("app-trust.p12"),
                "kafka.ssl.truststore.password=${file:" + dir.resolve("secrets.properties") + ":password}",
                "# the start-up checks' 5 s were too short for a cold JVM's first TLS handshake on busy cores",
                "kafka.admin.default.api.timeout.ms=30000", ""));
        Path log = dir.resolve("run.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dlstm.kafka.log.level=INFO", "-Dlstm.log.level=DEBUG", "-cp", System.getProperty("java.class.path"),
                LstmStreams.class.getName(), "run", "--config", config.toString(), "--duration", "120"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("OMP_NUM_THREADS", "1");
        builder.environment().put(SECRET_VARIABLE, SECRET);
        Process run = builder.start();
        List<TagRecord> tags;
        try {
            tags = readTagsOverTls(tokens.size(), Duration.ofSeconds(110));
        } finally {
            run.destroy(); // SIGTERM: a clean stop
            if (!run.waitFor(60, TimeUnit.SECONDS)) {
                run.destroyForcibly();
            }
        }
        String output = Files.readString(log);

        assertThat(tags).as(output).hasSize(tokens.size()).allSatisfy(tag -> assertThat(tag.modelVersion()).isEqualTo(3));
        assertThat(output).contains("pos: running as lstm-streams-pos")
                .contains("security.protocol = SSL")
                .contains("ssl.keystore.password = [hidden]")
                .doesNotContain(SECRET);
    }

    @Test
    void aClientWithAnUnknownCertificateOrNoneIsRefusedWithAClearError() throws IOException {
        Path intruder = commandConfig("intruder.p12", "intruder-trust.p12");
        Path anonymous = dir.resolve("anonymous.properties");
        Files.writeString(anonymous, "security.protocol=SSL\nssl.truststore.type=PKCS12\nssl.truststore.location="
                + dir.resolve("app-trust.p12") + "\nssl.truststore.password=" + SECRET + "\n");

        for (Path client : List.of(intruder, anonymous)) {
            CapturedCli check = CapturedCli.run("topics", "check", "--bootstrap-servers", kafka.tlsBootstrapServers(),
                    "--command-config", client.toString());

            assertThat(check.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(check.err()).startsWith("topics: ").contains(kafka.tlsBootstrapServers())
                    .contains("refused this client's credentials: ").contains("Received fatal alert: ").doesNotContain(SECRET);
        }
    }

    /** A {@code --command-config} file for a client with this keystore and truststore, its password from a file. */
    private static Path commandConfig(String keystore, String truststore) throws IOException {
        Path file = dir.resolve(keystore.replace(".p12", ".properties"));
        String password = "${file:" + dir.resolve("secrets.properties") + ":password}";
        Files.writeString(file, String.join("\n",
                "config.providers=file",
                "config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider",
                "security.protocol=SSL",
                "ssl.keystore.type=PKCS12",
                "ssl.keystore.location=" + dir.resolve(keystore),
                "ssl.keystore.password=" + password,
                "ssl.truststore.type=PKCS12",
                "ssl.truststore.location=" + dir.resolve(truststore),
                "ssl.truststore.password=" + password, ""));
        return file;
    }

    /** The app's certificate, for the test's own producer and consumer. */
    private static Map<String, Object> appClient() {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", kafka.tlsBootstrapServers());
        config.put("security.protocol", "SSL");
        config.put("ssl.keystore.type", "PKCS12");
        config.put("ssl.keystore.location", dir.resolve("app.p12").toString());
        config.put("ssl.keystore.password", SECRET);
        config.put("ssl.truststore.type", "PKCS12");
        config.put("ssl.truststore.location", dir.resolve("app-trust.p12").toString());
        config.put("ssl.truststore.password", SECRET);
        return config;
    }

    private static List<TagRecord> readTagsOverTls(int expected, Duration timeout) {
        Map<String, Object> config = appClient();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "security-it-reader");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<TagRecord> tags = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.TAGS.topicName()));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (tags.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> tags.add(TagRecord.fromJson(record.value())));
            }
        }
        return tags;
    }

    /** A self-signed EC key pair in a new PKCS12 keystore. */
    private static void keyPair(String keystore, String alias, String name, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", name, "-validity", "2", "-storetype", "PKCS12"));
        args.addAll(List.of(more));
        keytool(keystore, args);
    }

    /** Exports {@code alias}'s certificate from one keystore and imports it as trusted into another. */
    private static void trust(String from, String alias, String truststore) throws Exception {
        Path certificate = dir.resolve(from + "-" + alias + ".crt");
        if (!Files.exists(certificate)) {
            keytool(from, List.of("-exportcert", "-rfc", "-alias", alias, "-file", certificate.toString()));
        }
        keytool(truststore, List.of("-importcert", "-noprompt", "-alias", from.replace(".p12", ""), "-file",
                certificate.toString(), "-storetype", "PKCS12"));
    }

    private static void keytool(String keystore, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(args);
        command.addAll(List.of("-keystore", dir.resolve(keystore).toString(), "-storepass", SECRET));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as("keytool %s: %s", args, output).isZero();
    }
}

package io.lstmstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.data.Conllu;
import io.lstmstreams.kafka.EmbeddedKafkaBroker;
import io.lstmstreams.kafka.Replayer;
import io.lstmstreams.model.CellType;
import io.lstmstreams.pos.PosTask;
import io.lstmstreams.training.TrainingConfig;
import io.lstmstreams.wire.TagRecord;
import io.lstmstreams.wire.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
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
 * and its SASL_SSL listener (PLAIN, server-only TLS), certificates made here by {@code keytool}: {@code topics create},
 * {@code replay} and {@code run} (its own JVM, Kafka's config logged at INFO) all talk TLS only, or SASL_SSL only,
 * secrets come from an environment variable and a file through Kafka's config providers, and never appear in what
 * {@code run} prints; a client with an unknown certificate, with none, or with a wrong SASL password is refused with a
 * message that says so.
 */
class SecurityIT {

    static final Path EWT_DEV = Path.of("src/main/resources/data/ewt/en_ewt-ud-dev.conllu.gz");
    /** One secret for every store; random, so finding it in the output cannot be a coincidence. */
    static final String SECRET = "s3cret-" + UUID.randomUUID();
    static final String SECRET_VARIABLE = "TLS_KEYSTORE_PASSWORD";
    /** The app's SASL PLAIN password, another random one. */
    static final String SASL_PASSWORD = "sasl-" + UUID.randomUUID();
    static final String SASL_VARIABLE = "SASL_PASSWORD";
    static final String PLAIN_LOGIN = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"app\"";

    @TempDir
    static Path dir;
    static EmbeddedKafkaBroker kafka;
    static Path bundle;

    @BeforeAll
    static void certificatesAndBroker() throws Exception {
        keyPair("broker.p12", "broker", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1");
        keyPair("app.p12", "app", "CN=lstm-streams");
        keyPair("intruder.p12", "intruder", "CN=intruder");
        trust("broker.p12", "broker", "app-trust.p12");
        trust("broker.p12", "broker", "intruder-trust.p12"); // so it is the broker that refuses the intruder
        trust("app.p12", "app", "broker-trust.p12"); // the broker knows the app's certificate, not the intruder's
        Files.writeString(dir.resolve("secrets.properties"), "password=" + SECRET + "\n");
        EmbeddedKafkaBroker.Tls tls = new EmbeddedKafkaBroker.Tls(dir.resolve("broker.p12"), dir.resolve("broker-trust.p12"),
                SECRET);
        kafka = EmbeddedKafkaBroker.inTemporaryDirectory(0).withTls(tls).withSaslSsl(tls, Map.of("app", SASL_PASSWORD))
                .start();
        bundle = dir.resolve("pos.bundle");
        TrainingConfig quick = new TrainingConfig(TrainingConfig.Optimizer.ADAM, 1e-2, 5.0, 32, 1, 1, 0.1, 1);
        PosTask.train(Conllu.read(EWT_DEV).subList(200, 300),
                new PosTask.Options(0, CellType.LSTM, 16, 1, 0.0, 8, 4, 256, 1, 0, quick), null, 0, 3, report -> { }).write(bundle);
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

        List<KeyValue<String, byte[]>> tokens = PosTask.records(Conllu.read(EWT_DEV).subList(0, 5));
        try (Replayer replayer = new Replayer(appClient())) {
            replayer.replay(Topics.TOKENS, tokens, 0);
        }

        String output = runAndReadTags("mtls", kafka.tlsBootstrapServers(), Map.of(SECRET_VARIABLE, SECRET), appClient(),
                tokens,
                "kafka.security.protocol=SSL",
                "kafka.ssl.keystore.type=PKCS12",
                "kafka.ssl.keystore.location=" + dir.resolve("app.p12"),
                "kafka.ssl.keystore.password=${env:" + SECRET_VARIABLE + "}",
                "kafka.ssl.key.password=${file:" + dir.resolve("secrets.properties") + ":password}",
                "kafka.ssl.truststore.type=PKCS12",
                "kafka.ssl.truststore.location=" + dir.resolve("app-trust.p12"),
                "kafka.ssl.truststore.password=${file:" + dir.resolve("secrets.properties") + ":password}");

        assertThat(output).contains("security.protocol = SSL")
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

    @Test
    void aPipelineRunsOverSaslSslWithItsPasswordFromTheEnvironmentNeverPrinted() throws Exception {
        Files.writeString(dir.resolve("sasl.properties"), "password=" + SASL_PASSWORD + "\n");
        Path clientFile = saslCommandConfig("sasl-app.properties", "${file:" + dir.resolve("sasl.properties") + ":password}");
        CapturedCli topics = CapturedCli.run("topics", "create", "--bootstrap-servers", kafka.saslSslBootstrapServers(),
                "--command-config", clientFile.toString());
        assertThat(topics.err()).isEmpty();
        assertThat(topics.exitCode()).isEqualTo(ExitCodes.OK);

        Path sentences = sentencesFile(5, 10);
        CapturedCli replay = CapturedCli.run("replay", "pos", "--data", sentences.toString(), "--bootstrap-servers",
                kafka.saslSslBootstrapServers(), "--command-config", clientFile.toString());
        List<KeyValue<String, byte[]>> tokens = PosTask.records(Conllu.read(sentences));
        assertThat(replay.err()).isEmpty();
        assertThat(replay.out()).startsWith("records=" + tokens.size() + " sent=" + tokens.size() + " ");

        Map<String, Object> reader = new HashMap<>(Map.of("bootstrap.servers", kafka.saslSslBootstrapServers(),
                "security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", PLAIN_LOGIN + " password=\"" + SASL_PASSWORD + "\";"));
        reader.putAll(appTruststore());
        String output = runAndReadTags("sasl", kafka.saslSslBootstrapServers(), Map.of(SASL_VARIABLE, SASL_PASSWORD),
                reader, tokens,
                "kafka.security.protocol=SASL_SSL",
                "kafka.sasl.mechanism=PLAIN",
                "kafka.sasl.jaas.config=" + PLAIN_LOGIN + " password=\"${env:" + SASL_VARIABLE + "}\";",
                "kafka.ssl.truststore.type=PKCS12",
                "kafka.ssl.truststore.location=" + dir.resolve("app-trust.p12"),
                "kafka.ssl.truststore.password=${file:" + dir.resolve("secrets.properties") + ":password}");

        assertThat(output).contains("security.protocol = SASL_SSL")
                .contains("sasl.mechanism = PLAIN")
                .contains("sasl.jaas.config = [hidden]")
                .doesNotContain(SASL_PASSWORD)
                .doesNotContain(SECRET);
    }

    @Test
    void aClientWithAWrongSaslPasswordIsRefusedWithAClearErrorAndNoStackTrace() throws Exception {
        String wrong = "wrong-" + UUID.randomUUID();
        Path client = saslCommandConfig("sasl-wrong.properties", wrong);

        CapturedCli check = CapturedCli.run("topics", "check", "--bootstrap-servers", kafka.saslSslBootstrapServers(),
                "--command-config", client.toString());
        Path log = dir.resolve("replay-wrong.log");
        Process replay = java(List.of(), Map.of(), log, "replay", "pos", "--data", sentencesFile(0, 1).toString(),
                "--bootstrap-servers", kafka.saslSslBootstrapServers(), "--command-config", client.toString());
        boolean exited = replay.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            replay.destroyForcibly();
        }
        String replayOutput = Files.readString(log);

        assertThat(check.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(check.err()).startsWith("topics: ").contains(kafka.saslSslBootstrapServers())
                .endsWith("refused this client's credentials: Authentication failed: Invalid username or password\n")
                .doesNotContain(wrong);
        assertThat(exited).as(replayOutput).isTrue();
        assertThat(replay.exitValue()).as(replayOutput).isEqualTo(ExitCodes.FAILURE);
        assertThat(replayOutput).contains("replay: ").contains("Authentication failed")
                .doesNotContain("\tat ").doesNotContain(wrong).doesNotContain(SASL_PASSWORD);
    }

    /**
     * Starts {@code run} of the pos pipeline in its own JVM (Kafka's config logged at INFO) against this address only,
     * with these {@code kafka.*} settings and environment, reads the tags of these tokens with the {@code reader}'s
     * client settings, stops it and returns its whole output.
     */
    private static String runAndReadTags(String name, String bootstrapServers, Map<String, String> environment,
                                         Map<String, Object> reader, List<KeyValue<String, byte[]>> tokens,
                                         String... security) throws Exception {
        Path config = dir.resolve(name + "-app.properties");
        List<String> lines = new ArrayList<>(List.of(
                "bootstrap.servers=" + bootstrapServers,
                "pipelines=pos",
                "pos.model=" + bundle,
                "state.dir=" + dir.resolve(name + "-state"),
                "kafka.config.providers=env,file",
                "kafka.config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider",
                "kafka.config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider",
                "# the start-up checks' 5 s were too short for a cold JVM's first TLS handshake on busy cores",
                "kafka.admin.default.api.timeout.ms=30000"));
        lines.addAll(List.of(security));
        Files.writeString(config, String.join("\n", lines) + "\n");
        Path log = dir.resolve(name + "-run.log");
        Process run = java(List.of("-Dlstm.kafka.log.level=INFO", "-Dlstm.log.level=DEBUG"), environment, log,
                "run", "--config", config.toString(), "--duration", "120");
        List<TagRecord> tags;
        try {
            tags = readTags(name, reader, tokens, Duration.ofSeconds(110));
        } finally {
            run.destroy(); // SIGTERM: a clean stop
            if (!run.waitFor(60, TimeUnit.SECONDS)) {
                run.destroyForcibly();
            }
        }
        String output = Files.readString(log);
        assertThat(tags).as(output).hasSize(tokens.size()).allSatisfy(tag -> assertThat(tag.modelVersion()).isEqualTo(3));
        assertThat(output).contains("pos: running as lstm-streams-pos");
        return output;
    }

    /**
     * The command line {@code ARGS} ({@link LstmStreams#main}) in a new JVM on this classpath, its stdout and stderr
     * into {@code log}.
     */
    private static Process java(List<String> jvmOptions, Map<String, String> environment, Path log, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LstmStreams.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("OMP_NUM_THREADS", "1");
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** Sentences {@code from} (inclusive) to {@code to} of the EWT dev set as a CoNLL-U file, for {@code replay}. */
    private static Path sentencesFile(int from, int to) throws IOException {
        Path file = dir.resolve("ewt-" + from + "-" + to + ".conllu");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(EWT_DEV))) {
            List<String> blocks = List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n\n"));
            Files.writeString(file, String.join("\n\n", blocks.subList(from, to)) + "\n\n");
        }
        return file;
    }

    /** A {@code --command-config} file for a SASL_SSL client, user app with this password (or placeholder). */
    private static Path saslCommandConfig(String name, String password) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n",
                "config.providers=file",
                "config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider",
                "security.protocol=SASL_SSL",
                "sasl.mechanism=PLAIN",
                "sasl.jaas.config=" + PLAIN_LOGIN + " password=\"" + password + "\";",
                "ssl.truststore.type=PKCS12",
                "ssl.truststore.location=" + dir.resolve("app-trust.p12"),
                "ssl.truststore.password=${file:" + dir.resolve("secrets.properties") + ":password}", ""));
        return file;
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
        Map<String, Object> config = new HashMap<>(appTruststore());
        config.put("bootstrap.servers", kafka.tlsBootstrapServers());
        config.put("security.protocol", "SSL");
        config.put("ssl.keystore.type", "PKCS12");
        config.put("ssl.keystore.location", dir.resolve("app.p12").toString());
        config.put("ssl.keystore.password", SECRET);
        return config;
    }

    /** The truststore that makes a client trust the broker's certificate. */
    private static Map<String, Object> appTruststore() {
        return Map.of("ssl.truststore.type", "PKCS12", "ssl.truststore.location", dir.resolve("app-trust.p12").toString(),
                "ssl.truststore.password", SECRET);
    }

    /**
     * The tags of these tokens' sequences, until there are as many as tokens or the time is out: the tests share
     * {@code lstm.tags}, each with its own sentences, and each reads from the start in a group of its own.
     */
    private static List<TagRecord> readTags(String name, Map<String, Object> client, List<KeyValue<String, byte[]>> tokens,
                                            Duration timeout) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "security-it-reader-" + name);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Set<String> sequences = tokens.stream().map(token -> token.key).collect(Collectors.toSet());
        List<TagRecord> tags = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.TAGS.topicName()));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (tags.size() < tokens.size() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    TagRecord tag = TagRecord.fromJson(record.value());
                    if (sequences.contains(tag.sequence())) {
                        tags.add(tag);
                    }
                });
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

package io.lstmstreams.kafka;

import io.lstmstreams.wire.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node KRaft Kafka (broker and controller in one process, this one) on 127.0.0.1, built from the
 * Maven jars alone: for tests, the demo and the {@code broker} command. Topics are never auto-created: they
 * come from {@link Topics}. Transactions (exactly-once) work: their internal topics use one replica. Optionally, for
 * security tests, more listeners on 127.0.0.1 under one TLS key material: TLS requiring client certificates
 * ({@link #withTls}), and SASL_SSL with PLAIN users over server-only TLS ({@link #withSaslSsl}).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    /** The data directory when this broker made it, deleted by {@link #close()}; null when the caller gave it. */
    private final TemporaryDirectory ownDataDir;
    private final Map<String, String> overrides;
    private final Map<SecureListener, Integer> securePorts = new EnumMap<>(SecureListener.class);
    private Tls tls;
    private Map<String, String> plainUsers = Map.of();
    private KafkaRaftServer server;

    /** The listeners that take {@link Tls} key material, each named after its security protocol. */
    private enum SecureListener {
        /** Clients authenticate by their certificate. */
        SSL("required"),
        /** Clients authenticate by SASL PLAIN username and password; TLS authenticates only the broker. */
        SASL_SSL("none");

        private final String clientAuth;

        SecureListener(String clientAuth) {
            this.clientAuth = clientAuth;
        }
    }

    /**
     * Key material of the TLS listeners, PKCS12 files under one password.
     *
     * @param keystore   the broker's key and certificate (for 127.0.0.1)
     * @param truststore the certificates of the clients the TLS listener accepts: a client without one of them is
     *                   refused there (the SASL_SSL listener asks for no client certificate)
     */
    public record Tls(Path keystore, Path truststore, String password) {
    }

    /** A broker keeping its data in {@code dataDir} (formatted on first use, reused after); port 0 picks a free one. */
    public EmbeddedKafkaBroker(int port, Path dataDir) {
        this(port, dataDir, Map.of());
    }

    /** As {@link #EmbeddedKafkaBroker(int, Path)}, with broker configs that replace the defaults here. */
    public EmbeddedKafkaBroker(int port, Path dataDir, Map<String, String> overrides) {
        this(port, dataDir, overrides, null);
    }

    private EmbeddedKafkaBroker(int port, Path dataDir, Map<String, String> overrides, TemporaryDirectory ownDataDir) {
        this.port = port == 0 ? freePort() : port;
        this.controllerPort = freePort();
        this.dataDir = dataDir.toAbsolutePath();
        this.overrides = Map.copyOf(overrides);
        this.ownDataDir = ownDataDir;
    }

    /** A broker whose data lives in a new temporary directory, deleted by {@link #close()}. */
    public static EmbeddedKafkaBroker inTemporaryDirectory(int port) {
        TemporaryDirectory dataDir = TemporaryDirectory.create("lstm-kafka-");
        return new EmbeddedKafkaBroker(port, dataDir.path(), Map.of(), dataDir);
    }

    /**
     * Formats the data directory if new, starts the broker and returns once it answers metadata requests.
     *
     * @throws BrokerStartException when the port is taken or the broker fails to come up
     */
    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        requirePortFree(port);
        try {
            KafkaConfig config = new KafkaConfig(configs(), false);
            format(config);
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            awaitReady();
            return this;
        } catch (RuntimeException e) {
            close();
            throw e instanceof BrokerStartException ? e
                    : new BrokerStartException("Kafka failed to start on " + bootstrapServers() + ": " + e.getMessage(), e);
        }
    }

    /** Adds a TLS listener with mutual authentication ({@code ssl.client.auth=required}); call before {@link #start}. */
    public synchronized EmbeddedKafkaBroker withTls(Tls tls) {
        return withSecureListener(SecureListener.SSL, tls);
    }

    /**
     * Adds a SASL_SSL listener: TLS with this key material, no client certificate asked for, and SASL PLAIN
     * accepting exactly these users; call before {@link #start}.
     *
     * @param plainUsers passwords by username
     * @throws IllegalArgumentException when a TLS listener already has other key material
     */
    public synchronized EmbeddedKafkaBroker withSaslSsl(Tls tls, Map<String, String> plainUsers) {
        withSecureListener(SecureListener.SASL_SSL, tls);
        this.plainUsers = Map.copyOf(plainUsers);
        return this;
    }

    /** {@code 127.0.0.1:PORT} of the TLS listener. */
    public String tlsBootstrapServers() {
        return secureBootstrapServers(SecureListener.SSL, "withTls");
    }

    /** {@code 127.0.0.1:PORT} of the SASL_SSL listener. */
    public String saslSslBootstrapServers() {
        return secureBootstrapServers(SecureListener.SASL_SSL, "withSaslSsl");
    }

    /** {@code 127.0.0.1:PORT}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Shuts the broker down cleanly; idempotent, safe from a shutdown hook. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
        if (ownDataDir != null) {
            ownDataDir.close();
        }
    }

    private EmbeddedKafkaBroker withSecureListener(SecureListener listener, Tls tls) {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        if (this.tls != null && !this.tls.equals(tls)) {
            throw new IllegalArgumentException("the TLS listeners share one key material: the keystore, truststore and"
                    + " password given first (" + this.tls.keystore() + ")");
        }
        this.tls = tls;
        securePorts.put(listener, freePort());
        return this;
    }

    private synchronized String secureBootstrapServers(SecureListener listener, String how) {
        Integer securePort = securePorts.get(listener);
        if (securePort == null) {
            throw new IllegalStateException("no " + listener + " listener: see " + how);
        }
        return HOST + ":" + securePort;
    }

    private Map<String, String> configs() {
        Map<String, String> configs = new HashMap<>();
        configs.put("process.roles", "broker,controller");
        configs.put("node.id", String.valueOf(NODE_ID));
        configs.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        configs.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        configs.put("advertised.listeners", "PLAINTEXT://" + bootstrapServers());
        configs.put("controller.listener.names", "CONTROLLER");
        configs.put("inter.broker.listener.name", "PLAINTEXT");
        configs.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        securePorts.forEach((listener, securePort) -> {
            String address = listener + "://" + HOST + ":" + securePort;
            configs.put("listeners", configs.get("listeners") + "," + address);
            configs.put("advertised.listeners", configs.get("advertised.listeners") + "," + address);
            configs.put("listener.security.protocol.map", configs.get("listener.security.protocol.map") + "," + listener
                    + ":" + listener);
            configs.put(listenerPrefix(listener) + "ssl.client.auth", listener.clientAuth);
        });
        if (tls != null) {
            configs.put("ssl.keystore.type", "PKCS12");
            configs.put("ssl.keystore.location", tls.keystore().toAbsolutePath().toString());
            configs.put("ssl.keystore.password", tls.password());
            configs.put("ssl.key.password", tls.password());
            configs.put("ssl.truststore.type", "PKCS12");
            configs.put("ssl.truststore.location", tls.truststore().toAbsolutePath().toString());
            configs.put("ssl.truststore.password", tls.password());
        }
        if (securePorts.containsKey(SecureListener.SASL_SSL)) {
            configs.put("sasl.enabled.mechanisms", "PLAIN");
            configs.put(listenerPrefix(SecureListener.SASL_SSL) + "plain.sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required" + plainUsers.entrySet().stream()
                            .map(user -> " user_" + user.getKey() + "=\"" + user.getValue() + "\"")
                            .collect(Collectors.joining()) + ";");
        }
        configs.put("log.dirs", dataDir.toString());
        configs.put("auto.create.topics.enable", "false");
        // Model bundles travel as single records (lstm.models allows 64 MiB too: a tagger with pretrained vectors is ~32 MiB).
        configs.put("message.max.bytes", "67108864");
        configs.put("replica.fetch.max.bytes", "67108864");
        // The default reserves 128 MiB of heap for compaction; our compacted topics are tiny.
        configs.put("log.cleaner.dedupe.buffer.size", "2097152");
        configs.put("offsets.topic.replication.factor", "1");
        configs.put("transaction.state.log.replication.factor", "1");
        configs.put("transaction.state.log.min.isr", "1");
        configs.put("share.coordinator.state.topic.replication.factor", "1");
        configs.put("share.coordinator.state.topic.min.isr", "1");
        configs.put("group.initial.rebalance.delay.ms", "0");
        // One partition each instead of 50: the first group join and the first transaction take ~4 s less.
        configs.put("offsets.topic.num.partitions", "1");
        configs.put("transaction.state.log.num.partitions", "1");
        configs.putAll(overrides);
        return configs;
    }

    /** Kafka's prefix for one listener's own settings. */
    private static String listenerPrefix(SecureListener listener) {
        return "listener.name." + listener.name().toLowerCase(Locale.ROOT) + ".";
    }

    /** What {@code kafka-storage.sh format} does, once: a kept data directory keeps its cluster id. */
    private void format(KafkaConfig config) {
        if (Files.exists(dataDir.resolve("meta.properties"))) {
            return;
        }
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(dataDir.toString()))
                    .setMetadataLogDirectory(dataDir.toString())
                    .setControllerListenerName(config.controllerListenerNames().get(0))
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .run();
        } catch (Exception e) {
            throw new BrokerStartException("cannot format Kafka data directory " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(1, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new BrokerStartException("Kafka on " + bootstrapServers() + " did not answer within "
                                + READY_TIMEOUT.toSeconds() + " s", notYet);
                    }
                }
            }
        }
    }

    /** Checked up front because Kafka reports a taken port deep in its startup, and only in its logs. */
    private static void requirePortFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
        } catch (IOException e) {
            throw new BrokerStartException("port " + port + " on " + HOST + " is already in use", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }
}

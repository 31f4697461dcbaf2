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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node KRaft Kafka (broker and controller in one process, this one) on 127.0.0.1, built from the
 * Maven jars alone: for tests, the demo and the {@code broker} command. Topics are never auto-created: they
 * come from {@link Topics}. Transactions (exactly-once) work: their internal topics use one replica. Optionally a
 * second, TLS listener on 127.0.0.1 that requires client certificates ({@link #withTls}), for security tests.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private final boolean deleteDataDirOnClose;
    private final Map<String, String> overrides;
    private Tls tls;
    private int tlsPort;
    private KafkaRaftServer server;

    /**
     * Key material of the TLS listener, PKCS12 files under one password.
     *
     * @param keystore   the broker's key and certificate (for 127.0.0.1)
     * @param truststore the certificates of the clients it accepts: a client without one of them is refused
     */
    public record Tls(Path keystore, Path truststore, String password) {
    }

    /** A broker keeping its data in {@code dataDir} (formatted on first use, reused after); port 0 picks a free one. */
    public EmbeddedKafkaBroker(int port, Path dataDir) {
        this(port, dataDir, Map.of());
    }

    /** As {@link #EmbeddedKafkaBroker(int, Path)}, with broker configs that replace the defaults here. */
    public EmbeddedKafkaBroker(int port, Path dataDir, Map<String, String> overrides) {
        this(port, dataDir, overrides, false);
    }

    private EmbeddedKafkaBroker(int port, Path dataDir, Map<String, String> overrides, boolean deleteDataDirOnClose) {
        this.port = port == 0 ? freePort() : port;
        this.controllerPort = freePort();
        this.dataDir = dataDir.toAbsolutePath();
        this.overrides = Map.copyOf(overrides);
        this.deleteDataDirOnClose = deleteDataDirOnClose;
    }

    /** A broker whose data lives in a new temporary directory, deleted by {@link #close()}. */
    public static EmbeddedKafkaBroker inTemporaryDirectory(int port) {
        try {
            return new EmbeddedKafkaBroker(port, Files.createTempDirectory("lstm-kafka-"), Map.of(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for Kafka", e);
        }
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
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        this.tls = tls;
        this.tlsPort = freePort();
        return this;
    }

    /** {@code 127.0.0.1:PORT} of the TLS listener. */
    public String tlsBootstrapServers() {
        if (tls == null) {
            throw new IllegalStateException("no TLS listener: see withTls");
        }
        return HOST + ":" + tlsPort;
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
        if (deleteDataDirOnClose) {
            try {
                Utils.delete(dataDir.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete Kafka data in " + dataDir, e);
            }
        }
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
        if (tls != null) {
            configs.put("listeners", configs.get("listeners") + ",SSL://" + tlsBootstrapServers());
            configs.put("advertised.listeners", configs.get("advertised.listeners") + ",SSL://" + tlsBootstrapServers());
            configs.put("listener.security.protocol.map", configs.get("listener.security.protocol.map") + ",SSL:SSL");
            configs.put("ssl.keystore.type", "PKCS12");
            configs.put("ssl.keystore.location", tls.keystore().toAbsolutePath().toString());
            configs.put("ssl.keystore.password", tls.password());
            configs.put("ssl.key.password", tls.password());
            configs.put("ssl.truststore.type", "PKCS12");
            configs.put("ssl.truststore.location", tls.truststore().toAbsolutePath().toString());
            configs.put("ssl.truststore.password", tls.password());
            configs.put("ssl.client.auth", "required");
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

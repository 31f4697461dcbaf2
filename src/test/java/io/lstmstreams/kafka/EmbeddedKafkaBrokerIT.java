package io.lstmstreams.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KafkaBrokerExtension.class)
class EmbeddedKafkaBrokerIT {

    @Test
    void producedRecordCanBeConsumed(EmbeddedKafkaBroker kafka) throws Exception {
        createTopic(kafka, "plain");
        try (KafkaProducer<String, String> producer = producer(kafka, Map.of())) {
            producer.send(new ProducerRecord<>("plain", "key", "value")).get();
        }
        assertThat(consumeAll(kafka, "plain", "read_uncommitted")).containsExactly("key=value");
    }

    @Test
    void transactionalCommitIsVisibleToReadCommittedConsumers(EmbeddedKafkaBroker kafka) throws Exception {
        createTopic(kafka, "transactional");
        try (KafkaProducer<String, String> producer = producer(kafka,
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-broker-it"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactional", "aborted", "x"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactional", "committed", "y"));
            producer.commitTransaction();
        }
        assertThat(consumeAll(kafka, "transactional", "read_committed")).containsExactly("committed=y");
    }

    @Test
    void autoCreationIsOff(EmbeddedKafkaBroker kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            assertThat(admin.describeCluster().nodes().get()).hasSize(1);
            assertThat(admin.describeConfigs(List.of(new ConfigResource(
                    ConfigResource.Type.BROKER, "1"))).all().get()
                    .values().iterator().next().get("auto.create.topics.enable").value()).isEqualTo("false");
        }
    }

    @Test
    void restartsOnItsKeptDataDirectory(@TempDir Path dataDir) throws Exception {
        try (EmbeddedKafkaBroker first = new EmbeddedKafkaBroker(0, dataDir).start()) {
            createTopic(first, "kept");
        }
        try (EmbeddedKafkaBroker second = new EmbeddedKafkaBroker(0, dataDir).start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", second.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).contains("kept");
        }
        assertThat(dataDir).isNotEmptyDirectory();
    }

    @Test
    void temporaryDataDirectoryIsDeletedOnClose() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.inTemporaryDirectory(0).start();
        broker.close();
        assertThat(broker.dataDir()).doesNotExist();
    }

    @Test
    void takenPortIsReportedClearly(@TempDir Path dataDir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(taken.getLocalPort(), dataDir)) {
            assertThatThrownBy(broker::start)
                    .isInstanceOf(BrokerStartException.class)
                    .hasMessage("port " + taken.getLocalPort() + " on 127.0.0.1 is already in use");
        }
    }

    private static void createTopic(EmbeddedKafkaBroker kafka, String name) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(Set.of(new NewTopic(name, 1, (short) 1))).all().get();
        }
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafkaBroker kafka, Map<String, Object> extra) {
        Map<String, Object> configs = new HashMap<>(extra);
        configs.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return new KafkaProducer<>(configs, new StringSerializer(), new StringSerializer());
    }

    /** Reads the topic from the start until a poll returns nothing new. */
    private static List<String> consumeAll(EmbeddedKafkaBroker kafka, String topic, String isolation) {
        Map<String, Object> configs = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        List<String> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(configs, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    records.add(record.key() + "=" + record.value());
                }
            }
        }
        return records;
    }
}

package io.lstmstreams.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lstmstreams.wire.TopicDefinition;
import io.lstmstreams.wire.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class TopicAdminIT {

    private static final int ROUNDS = Integer.getInteger("fresh.rounds", 5);

    @Test
    void createMakesEveryDefinedTopicAndIsIdempotent(EmbeddedKafkaBroker kafka) {
        try (TopicAdmin admin = new TopicAdmin(kafka.bootstrapServers())) {
            TopicChanges first = admin.create(Topics.definitions());
            TopicChanges second = admin.create(Topics.definitions());

            assertThat(first.applied()).hasSize(Topics.ALL.size())
                    .allMatch(difference -> difference.kind() == Difference.Kind.MISSING);
            assertThat(second.applied()).isEmpty();
            assertThat(second.render()).isEqualTo("nothing to change" + System.lineSeparator()
                    + "all 10 topics match their definitions");
            assertThat(admin.check(Topics.definitions()).isClean()).isTrue();
        }
    }

    /**
     * Without create's wait for every partition to be served, an idempotent producer writing at once lost records
     * (NOT_LEADER_OR_FOLLOWER for its first batch to a partition while the broker took the next, then
     * OUT_OF_ORDER_SEQUENCE_NUMBER on every retry until the delivery timeout), as a test's setup did in CI.
     */
    @Test
    void aProducerWritingTheMomentCreateReturnsLosesNothing(EmbeddedKafkaBroker kafka) throws Exception {
        try (TopicAdmin admin = new TopicAdmin(kafka.bootstrapServers())) {
            for (int round = 0; round < ROUNDS; round++) {
                List<TopicDefinition> topics = new ArrayList<>();
                for (int topic = 0; topic < 10; topic++) {
                    topics.add(new TopicDefinition("fresh-" + round + "-" + topic, 6, 1, Map.of(), ""));
                }
                admin.create(topics);
                AtomicInteger failed = new AtomicInteger();
                AtomicReference<Exception> failure = new AtomicReference<>();
                try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 5,
                        ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000), new StringSerializer(), new ByteArraySerializer())) {
                    for (int key = 0; key < 20_000; key++) {
                        producer.send(new ProducerRecord<>(topics.get(key % topics.size()).name(), "key-" + key, new byte[640]),
                                (metadata, error) -> {
                                    if (error != null) {
                                        failed.incrementAndGet();
                                        failure.compareAndSet(null, error);
                                    }
                                });
                    }
                }
                assertThat(failed.get()).as("records lost in round %d: %s", round, failure.get()).isZero();
            }
        }
    }

    @Test
    void checkReportsWrongPartitionsAndDifferingConfig(EmbeddedKafkaBroker kafka) {
        TopicDefinition defined = new TopicDefinition("drifted", 4, 1,
                Map.of("retention.ms", "604800000", "cleanup.policy", "delete"), "");
        createTopic(kafka, new TopicDefinition("drifted", 2, 1, Map.of("retention.ms", "1000"), ""));

        try (TopicAdmin admin = new TopicAdmin(kafka.bootstrapServers())) {
            TopicReport report = admin.check(List.of(defined));

            assertThat(report.isClean()).isFalse();
            assertThat(report.render().lines()).containsExactly(
                    "drifted: partitions expected 4, actual 2",
                    "drifted: config retention.ms expected 604800000, actual 1000");
        }
    }

    @Test
    void createAddsPartitionsAndFixesConfigs(EmbeddedKafkaBroker kafka) {
        TopicDefinition defined = new TopicDefinition("growing", 3, 1, Map.of("retention.ms", "604800000"), "");
        createTopic(kafka, new TopicDefinition("growing", 1, 1, Map.of("retention.ms", "1000"), ""));

        try (TopicAdmin admin = new TopicAdmin(kafka.bootstrapServers())) {
            TopicChanges changes = admin.create(List.of(defined));

            assertThat(changes.render().lines()).containsExactly(
                    "growing: partitions increased from 1 to 3",
                    "growing: config retention.ms set to 604800000 (was 1000)",
                    "all 1 topics match their definitions");
            assertThat(admin.check(List.of(defined)).isClean()).isTrue();
        }
    }

    @Test
    void createNeverDecreasesPartitionsButReportsIt(EmbeddedKafkaBroker kafka) {
        TopicDefinition defined = new TopicDefinition("wide", 2, 1, Map.of(), "");
        createTopic(kafka, new TopicDefinition("wide", 5, 1, Map.of(), ""));

        try (TopicAdmin admin = new TopicAdmin(kafka.bootstrapServers())) {
            TopicChanges changes = admin.create(List.of(defined));

            assertThat(changes.isComplete()).isFalse();
            assertThat(changes.render().lines()).containsExactly(
                    "nothing to change", "cannot fix wide: partitions expected 2, actual 5");
            assertThat(admin.check(List.of(defined)).render()).isEqualTo("wide: partitions expected 2, actual 5");
        }
    }

    @Test
    void unreachableBrokerFailsFastNamingTheAddress() {
        String address = KafkaBrokerExtension.unreachableAddress();
        long start = System.nanoTime();

        assertThatThrownBy(() -> {
            try (TopicAdmin admin = new TopicAdmin(address)) {
                admin.check(Topics.definitions());
            }
        }).isInstanceOf(TopicAdminException.class)
                .hasMessage("Kafka broker not reachable at " + address + " (no answer within 5 s)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    /** Sets the broker up the way the test needs it, unlike the definition under test. */
    private static void createTopic(EmbeddedKafkaBroker kafka, TopicDefinition actual) {
        try (TopicAdmin admin = new TopicAdmin(kafka.bootstrapServers())) {
            assertThat(admin.create(List.of(actual)).isComplete()).isTrue();
        }
    }
}

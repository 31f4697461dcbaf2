package io.lstmstreams.bench;

import io.lstmstreams.kafka.StreamsPipeline;
import io.lstmstreams.kafka.StreamsProperties;
import io.lstmstreams.wire.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What many keys cost: a changelog of {@code keys} states of {@code stateBytes} written straight to the topic (as a
 * pipeline that had seen that many keys would have left it), then a fresh instance restoring it into RocksDB: the
 * changelog's bytes on the broker's disk, the local store's once closed, and the time from start to the last record restored.
 */
final class StateCost {

    /** @param restoredRecords as Kafka Streams' restore listener counted them */
    record Figures(int keys, long restoredRecords, int stateBytes, long changelogDiskBytes, long localDiskBytes, double restoreSeconds) {
    }

    private StateCost() {
    }

    static Figures measure(BenchKafka kafka, int keys, int stateBytes, Path stateDir) throws InterruptedException {
        String application = "bench-state";
        String changelog = application + "-" + CeilingTopology.STORE + "-changelog";
        kafka.createTopic(changelog, kafka.partitions(Topics.TOKENS.topicName()).size(), Map.of("cleanup.policy", "compact"));
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        Random random = new Random(1);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (int key = 0; key < keys; key++) {
                byte[] state = new byte[stateBytes];
                random.nextBytes(state); // floats of a live state do not compress much either
                producer.send(new ProducerRecord<>(changelog, "sentence-" + key, state));
            }
        }
        Path dir = stateDir.resolve(application);
        long start = System.nanoTime();
        double seconds;
        long restored;
        try (StreamsPipeline pipeline = StreamsPipeline.start("state", CeilingTopology.build(Topics.TOKENS.topicName(),
                Topics.TAGS.topicName(), stateBytes), StreamsProperties.base(application, kafka.bootstrapServers(), dir),
                Duration.ofMinutes(5))) {
            long deadline = start + Duration.ofMinutes(5).toNanos();
            // Done when every key came back, or when nothing is left to restore (seen once: the count stopped short).
            while (pipeline.restoredRecords() < keys && !(pipeline.restoredRecords() > 0 && pipeline.health().ready())
                    && System.nanoTime() < deadline && pipeline.failure().isEmpty()) {
                Thread.sleep(20);
            }
            seconds = (System.nanoTime() - start) / 1e9;
            restored = pipeline.restoredRecords();
            if (restored == 0) {
                throw new IllegalStateException("restored nothing of " + keys + " keys in " + seconds + " s");
            }
        }
        // Measured once closed: closing flushes RocksDB's memtables into files.
        return new Figures(keys, restored, stateBytes, kafka.changelogBytes(application), BenchKafka.directoryBytes(dir, file -> true),
                seconds);
    }
}

package io.lstmstreams.kafka;

import io.lstmstreams.wire.Topics;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * A running pipeline: one topology in a Kafka Streams instance. A stream thread that dies is replaced or stops this
 * pipeline alone ({@link ThreadFailurePolicy}).
 */
public final class StreamsPipeline implements AutoCloseable {

    private final KafkaStreams streams;
    private final ThreadFailurePolicy failures;
    private final RestoredRecords restored;

    private StreamsPipeline(KafkaStreams streams, ThreadFailurePolicy failures, RestoredRecords restored) {
        this.streams = streams;
        this.failures = failures;
        this.restored = restored;
    }

    /**
     * Checks the topics against their definitions (refusing to run on a mismatch), then starts and waits until
     * the instance is running: Kafka Streams reaches RUNNING once its active tasks' state is restored.
     *
     * @param name       the pipeline, for messages
     * @param properties Kafka Streams settings, e.g. from {@link StreamsProperties#base}
     */
    public static StreamsPipeline start(String name, Topology topology, Properties properties, Duration startTimeout) {
        StreamsConfig config = new StreamsConfig(properties);
        try (TopicAdmin admin = new TopicAdmin(config.getAdminConfigs(config.getString(StreamsConfig.APPLICATION_ID_CONFIG)))) {
            admin.check(Topics.definitions()).requireClean();
        }
        KafkaStreams streams = new KafkaStreams(topology, properties);
        ThreadFailurePolicy failures = new ThreadFailurePolicy(name, System::nanoTime);
        streams.setUncaughtExceptionHandler(failures);
        RestoredRecords restored = new RestoredRecords();
        streams.setGlobalStateRestoreListener(restored);
        streams.start();
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || !streams.state().isRunningOrRebalancing()) {
                KafkaStreams.State state = streams.state();
                streams.close(Duration.ofSeconds(5));
                throw new IllegalStateException(name + " pipeline did not start within " + startTimeout + " (state " + state + ")");
            }
            sleep();
        }
        return new StreamsPipeline(streams, failures, restored);
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Active tasks (input partitions) this instance runs now: none while another instance holds them all. */
    public int activeTasks() {
        return streams.metadataForLocalThreads().stream().mapToInt(thread -> thread.activeTasks().size()).sum();
    }

    /** State store records restored from changelogs since the start: after a crash under exactly-once, all of them. */
    public long restoredRecords() {
        return restored.count.get();
    }

    /** Why the pipeline stopped on its own, if it did. */
    public Optional<Throwable> failure() {
        return streams.state().isRunningOrRebalancing() ? Optional.empty() : failures.fatal();
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(10));
    }

    private static final class RestoredRecords implements StateRestoreListener {

        final AtomicLong count = new AtomicLong();

        @Override
        public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        }

        @Override
        public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long restored) {
            count.addAndGet(restored);
        }

        @Override
        public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        }
    }
}

package io.lstmstreams.kafka;

import io.lstmstreams.wire.Topics;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * A running pipeline: one topology in a Kafka Streams instance. A stream thread that dies is replaced or stops this
 * pipeline alone ({@link ThreadFailurePolicy}).
 */
public final class StreamsPipeline implements AutoCloseable {

    private final KafkaStreams streams;
    private final ThreadFailurePolicy failures;

    private StreamsPipeline(KafkaStreams streams, ThreadFailurePolicy failures) {
        this.streams = streams;
        this.failures = failures;
    }

    /**
     * Checks the topics against their definitions (refusing to run on a mismatch), then starts and waits until
     * the instance is running.
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
        return new StreamsPipeline(streams, failures);
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Why the pipeline stopped on its own, if it did. */
    public Optional<Throwable> failure() {
        return streams.state().isRunningOrRebalancing() ? Optional.empty() : failures.fatal();
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(10));
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

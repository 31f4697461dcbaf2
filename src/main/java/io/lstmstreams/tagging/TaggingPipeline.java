package io.lstmstreams.tagging;

import io.lstmstreams.kafka.TopicAdmin;
import io.lstmstreams.kafka.Topics;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/** A running tagging pipeline: the topology of {@link TaggingTopology} in a Kafka Streams instance. */
public final class TaggingPipeline implements AutoCloseable {

    private final KafkaStreams streams;

    private TaggingPipeline(KafkaStreams streams) {
        this.streams = streams;
    }

    /**
     * Checks the topics against their definitions (refusing to run on a mismatch), then starts and waits until
     * the instance is running.
     *
     * @param properties Kafka Streams settings, e.g. from {@link io.lstmstreams.kafka.StreamsProperties#base}
     */
    public static TaggingPipeline start(TaggingTask task, Supplier<TaggerFactory> models, TaggingSettings settings,
                                        Properties properties, Duration startTimeout) {
        StreamsConfig config = new StreamsConfig(properties);
        try (TopicAdmin admin = new TopicAdmin(config.getAdminConfigs(config.getString(StreamsConfig.APPLICATION_ID_CONFIG)))) {
            admin.check(Topics.definitions()).requireClean();
        }
        KafkaStreams streams = new KafkaStreams(
                TaggingTopology.build(task.input(), task.output(), models, settings), properties);
        streams.start();
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || !streams.state().isRunningOrRebalancing()) {
                KafkaStreams.State state = streams.state();
                streams.close(Duration.ofSeconds(5));
                throw new IllegalStateException(task.taskName() + " pipeline did not start within " + startTimeout + " (state " + state + ")");
            }
            sleep();
        }
        return new TaggingPipeline(streams);
    }

    public KafkaStreams.State state() {
        return streams.state();
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

package io.lstmstreams.app;

import io.lstmstreams.kafka.TopicAdmin;
import io.lstmstreams.kafka.Topics;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.tagging.SequenceTagger;
import io.lstmstreams.tagging.TaggingPipeline;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The configured pipelines, running. {@link #start} checks everything that can be checked before anything
 * starts (metrics port, broker, topics, every model bundle), so a mistake stops it with nothing half-running.
 */
public final class LstmStreamsApp implements AutoCloseable {

    /** How long one pipeline may take to join its group and reach RUNNING. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** A pipeline that started, with what an operator wants to see about it. */
    public record Started(Pipeline pipeline, TaggingPipeline running, String applicationId, long modelVersion,
                          Duration startTime) {
        public String describe() {
            return String.format(Locale.ROOT, "%s: running as %s, model version %d, %s -> %s, started in %.1f s",
                    pipeline.key(), applicationId, modelVersion, pipeline.task().input().topicName(),
                    pipeline.task().output().topicName(), startTime.toMillis() / 1000.0);
        }
    }

    private record Loaded(Pipeline pipeline, Supplier<SequenceTagger> taggers, long modelVersion) {
    }

    private final List<Started> pipelines;

    private LstmStreamsApp(List<Started> pipelines) {
        this.pipelines = List.copyOf(pipelines);
    }

    /**
     * @throws ConfigException the metrics port is taken, or a model bundle is missing, invalid or for another task
     * @throws io.lstmstreams.kafka.TopicAdminException the broker is unreachable (the message names the address)
     * @throws IllegalStateException topics differ from their definitions (listed), or a pipeline did not start
     */
    public static LstmStreamsApp start(AppConfig config) {
        config.find(ConfigKey.METRICS_PORT).ifPresent(port -> requireFree(port, config));
        try (TopicAdmin admin = new TopicAdmin(config.adminConfig())) {
            admin.check(Topics.definitions()).requireClean();
        }
        List<Loaded> loaded = config.pipelines().stream().map(pipeline -> load(pipeline, config)).toList();
        List<Started> started = new ArrayList<>();
        try {
            for (Loaded pipeline : loaded) {
                started.add(start(pipeline, config));
            }
        } catch (RuntimeException e) {
            new LstmStreamsApp(started).close();
            throw e;
        }
        return new LstmStreamsApp(started);
    }

    public List<Started> pipelines() {
        return pipelines;
    }

    /** The first pipeline that stopped on its own (a stream thread died), described; empty while all run. */
    public Optional<String> failure() {
        return pipelines.stream().filter(p -> !p.running().state().isRunningOrRebalancing()).findFirst()
                .map(p -> p.pipeline().key() + " pipeline stopped (Kafka Streams state " + p.running().state() + ")");
    }

    /** Closes the pipelines, last started first; each commits and leaves its group. */
    @Override
    public void close() {
        for (int i = pipelines.size() - 1; i >= 0; i--) {
            pipelines.get(i).running().close();
        }
    }

    private static Loaded load(Pipeline pipeline, AppConfig config) {
        ConfigKey<Path> key = ConfigKey.model(pipeline);
        try {
            ModelBundle bundle = ModelBundle.read(config.get(key));
            return new Loaded(pipeline, pipeline.task().taggers(bundle, config.get(ConfigKey.LOGKEYS_TOP_G)),
                    bundle.metadata().modelVersion());
        } catch (NoSuchFileException e) {
            throw new ConfigException(config.describe(key) + ": file not found");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(config.describe(key) + ": " + e.getMessage());
        }
    }

    private static Started start(Loaded loaded, AppConfig config) {
        Pipeline pipeline = loaded.pipeline();
        long begin = System.nanoTime();
        TaggingPipeline running = TaggingPipeline.start(pipeline.task(), loaded.taggers(),
                config.taggingSettings(pipeline), config.streamsProperties(pipeline), START_TIMEOUT);
        return new Started(pipeline, running, config.applicationId(pipeline), loaded.modelVersion(),
                Duration.ofNanos(System.nanoTime() - begin));
    }

    /** Binds the port on all interfaces, as the metrics endpoint will, and lets it go at once. */
    private static void requireFree(int port, AppConfig config) {
        try (ServerSocket ignored = new ServerSocket(port)) {
            // free
        } catch (IOException e) {
            throw new ConfigException(config.describe(ConfigKey.METRICS_PORT) + ": port in use (" + e.getMessage() + ")");
        }
    }
}

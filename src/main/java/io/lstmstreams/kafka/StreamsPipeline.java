package io.lstmstreams.kafka;

import io.lstmstreams.metrics.Health;
import io.lstmstreams.wire.Topics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * A running pipeline: one topology in a Kafka Streams instance, metered on Micrometer's global registry: Kafka
 * Streams' own metrics (Micrometer's {@link KafkaStreamsMetrics}, tagged with the pipeline's task), whether it runs
 * ({@code lstm.pipeline.running}) and its restore progress ({@code lstm.pipeline.restore.*}); meters go when it
 * closes, so a pipeline started again in the same process registers afresh. A stream thread that dies is replaced
 * or stops this pipeline alone ({@link ThreadFailurePolicy}).
 */
public final class StreamsPipeline implements AutoCloseable {

    /** Micrometer's own refresh interval for Kafka metrics, for callers with no setting of their own. */
    public static final Duration DEFAULT_METRICS_REFRESH = Duration.ofSeconds(60);

    /** How much of a failure /health quotes. */
    private static final int MAX_REASON_CHARS = 200;

    private final String name;
    private final KafkaStreams streams;
    private final RestoreProgress restore;
    private final ThreadFailurePolicy failures;
    private final KafkaStreamsMetrics kafkaMetrics;
    private final ScheduledExecutorService metricsRefresh;
    private final List<Meter> meters;

    private StreamsPipeline(String name, KafkaStreams streams, RestoreProgress restore, ThreadFailurePolicy failures,
                            Duration metricsRefresh) {
        this.name = name;
        this.streams = streams;
        this.restore = restore;
        this.failures = failures;
        MeterRegistry registry = Metrics.globalRegistry;
        Tags tags = Tags.of("task", name);
        this.meters = List.of(
                Gauge.builder("lstm.pipeline.running", this, pipeline -> pipeline.health().live() ? 1 : 0).tags(tags)
                        .description("1 while the pipeline's Kafka Streams instance runs or rebalances, 0 once it stopped or failed")
                        .register(registry),
                Gauge.builder("lstm.pipeline.restore.remaining", restore, RestoreProgress::remaining).tags(tags)
                        .baseUnit("records").description("Changelog records still to restore before the pipeline's state is up to date")
                        .register(registry),
                FunctionCounter.builder("lstm.pipeline.restore.records", restore, RestoreProgress::restored).tags(tags)
                        .baseUnit("records").description("Changelog records restored into the pipeline's state stores")
                        .register(registry));
        this.metricsRefresh = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name + "-kafka-metrics");
            thread.setDaemon(true);
            return thread;
        });
        this.kafkaMetrics = new KafkaStreamsMetrics(streams, tags, this.metricsRefresh, metricsRefresh);
    }

    public static StreamsPipeline start(String name, Topology topology, Properties properties, Duration startTimeout) {
        return start(name, topology, properties, startTimeout, DEFAULT_METRICS_REFRESH);
    }

    /**
     * Checks the topics against their definitions (refusing to run on a mismatch), then {@linkplain #launch
     * launches} the pipeline and {@linkplain #awaitReady waits until it is ready}.
     *
     * @param name           the pipeline, for messages and the meters' {@code task} tag
     * @param properties     Kafka Streams settings, e.g. from {@link StreamsProperties#base}
     * @param metricsRefresh how often Kafka Streams' metrics are looked for anew (per-task ones come and go with
     *                       rebalances)
     */
    public static StreamsPipeline start(String name, Topology topology, Properties properties, Duration startTimeout,
                                        Duration metricsRefresh) {
        StreamsConfig config = new StreamsConfig(properties);
        try (TopicAdmin admin = new TopicAdmin(config.getAdminConfigs(config.getString(StreamsConfig.APPLICATION_ID_CONFIG)))) {
            admin.check(Topics.definitions()).requireClean();
        }
        return launch(name, topology, properties, metricsRefresh).awaitReady(startTimeout);
    }

    /**
     * Starts the Kafka Streams instance and returns at once, for a caller that checked the topics itself and starts
     * several pipelines side by side: each joins its group and restores while the others do.
     */
    public static StreamsPipeline launch(String name, Topology topology, Properties properties, Duration metricsRefresh) {
        UncheckpointedState.discard(properties);
        KafkaStreams streams = new KafkaStreams(topology, properties);
        ThreadFailurePolicy failures = new ThreadFailurePolicy(name, System::nanoTime);
        streams.setUncaughtExceptionHandler(failures);
        RestoreProgress restore = new RestoreProgress();
        streams.setGlobalStateRestoreListener(restore);
        StreamsPipeline pipeline = new StreamsPipeline(name, streams, restore, failures, metricsRefresh);
        streams.start();
        return pipeline;
    }

    /**
     * Waits until the instance is running and no state store is being restored (Kafka Streams reports RUNNING
     * while its state updater still restores); closes it and throws if that does not come within the timeout.
     */
    public StreamsPipeline awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || !streams.state().isRunningOrRebalancing()) {
                KafkaStreams.State state = streams.state();
                close(Duration.ofSeconds(5));
                throw new IllegalStateException(name + " pipeline did not start within " + timeout + " (state " + state + ")");
            }
            sleep();
        }
        // RUNNING comes while the state updater still restores the active tasks, which process nothing until done.
        while (restore.partitionsRestoring() > 0 && System.nanoTime() < deadline) {
            sleep();
        }
        // Bound once running: its tasks and their stores exist by then, so their metrics come at once, not a refresh later.
        kafkaMetrics.bindTo(Metrics.globalRegistry);
        return this;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Active tasks (input partitions) this instance runs now: none while another instance holds them all. */
    public int activeTasks() {
        return streams.metadataForLocalThreads().stream().mapToInt(thread -> thread.activeTasks().size()).sum();
    }

    /** Records the stream threads processed since the start (Kafka Streams' {@code process-total}). */
    public long processedRecords() {
        return (long) streams.metrics().values().stream()
                .filter(metric -> metric.metricName().group().equals("stream-thread-metrics")
                        && metric.metricName().name().equals("process-total"))
                .mapToDouble(metric -> ((Number) metric.metricValue()).doubleValue()).sum();
    }

    /** State store records restored from changelogs since the start: after a crash under exactly-once, all of them. */
    public long restoredRecords() {
        return restore.restored();
    }

    /** Why the pipeline stopped on its own, if it did. */
    public Optional<Throwable> failure() {
        return streams.state().isRunningOrRebalancing() ? Optional.empty() : failures.fatal();
    }

    /**
     * Live while Kafka Streams runs or rebalances; ready when it runs and no state store is being restored. A
     * restore keeps {@code RUNNING} (the state updater restores beside processing) but the restoring tasks wait.
     */
    public Health.Pipeline health() {
        KafkaStreams.State state = streams.state();
        boolean live = state.isRunningOrRebalancing() || state == KafkaStreams.State.CREATED;
        String reason = switch (state) {
            case RUNNING -> restore.partitionsRestoring() == 0 ? null : String.format(Locale.ROOT,
                    "restoring state: %d changelog records left in %d partitions", restore.remaining(),
                    restore.partitionsRestoring());
            case REBALANCING -> "rebalancing: partitions are being assigned";
            case CREATED -> "not started yet";
            case PENDING_ERROR, ERROR -> "failed: " + failures.fatal().map(StreamsPipeline::rootCause)
                    .orElse("a stream thread died (see the log)");
            case PENDING_SHUTDOWN, NOT_RUNNING -> "stopped";
        };
        return new Health.Pipeline(name, state.name(), live, reason == null, reason);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    /**
     * Leaves the group even as a static member: a clean stop hands the partitions on at once, where a static member
     * would keep them for its session timeout, waiting for a restart that may not come; a crash still keeps them.
     */
    private void close(Duration timeout) {
        streams.close(CloseOptions.timeout(timeout).withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        kafkaMetrics.close();
        metricsRefresh.shutdownNow();
        meters.forEach(Metrics.globalRegistry::remove);
    }

    /** The innermost cause, cut short: what an operator reads first on /health. */
    private static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.toString();
        return text.length() <= MAX_REASON_CHARS ? text : text.substring(0, MAX_REASON_CHARS) + "...";
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

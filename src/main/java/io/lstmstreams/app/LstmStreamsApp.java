package io.lstmstreams.app;

import com.sun.net.httpserver.HttpServer;
import io.lstmstreams.config.ConfigException;
import io.lstmstreams.config.ConfigKey;
import io.lstmstreams.kafka.StreamsPipeline;
import io.lstmstreams.kafka.TopicAdmin;
import io.lstmstreams.metrics.Health;
import io.lstmstreams.metrics.MetricsEndpoint;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.registry.LiveModel;
import io.lstmstreams.registry.LiveModelMeters;
import io.lstmstreams.registry.ModelRegistry;
import io.lstmstreams.registry.ModelTarget;
import io.lstmstreams.registry.ModelWatcher;
import io.lstmstreams.registry.RegistrySnapshot;
import io.lstmstreams.retrain.LabelBuffer;
import io.lstmstreams.retrain.LabelFeed;
import io.lstmstreams.retrain.RetrainLeadership;
import io.lstmstreams.retrain.Retrainer;
import io.lstmstreams.retrain.RetrainingMeters;
import io.lstmstreams.task.Task;
import io.lstmstreams.wire.Topics;
import io.micrometer.core.instrument.Metrics;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured pipelines, running, each on the model the registry points to. {@link #start} checks everything
 * that can be checked before anything starts (metrics port, broker, topics, every model bundle), so a mistake stops
 * it with nothing half-running. A task the registry has no pointer for yet starts on its configured bundle, which
 * is then registered as the task's first version.
 */
public final class LstmStreamsApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LstmStreamsApp.class);

    /** How long one pipeline may take to join its group and reach RUNNING. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** Sentences or series whose labels are being collected, per task: beyond this the longest silent is dropped. */
    private static final int MAX_OPEN_EXAMPLES = 10_000;

    /**
     * A pipeline that started, with what an operator wants to see about it.
     *
     * @param startTime until RUNNING with no state store restoring: the group joined, restores begun so far done
     * @param uptime    the JVM's age then, so a restart's whole cost shows (JVM, classes, bundle, registry, join)
     * @param tasks     active tasks then: 0 says this instance has no partitions yet, so no output comes from it
     */
    public record Started(Task<?, ?> task, StreamsPipeline running, String applicationId, long modelVersion,
                          Duration startTime, Duration uptime, int tasks, long restoredRecords) {
        public String describe() {
            return String.format(Locale.ROOT, "%s: running as %s, model version %d, %s -> %s, started in %.1f s,"
                            + " %.1f s after the JVM (%d tasks, %d state records restored)", task.name(), applicationId,
                    modelVersion, task.input().topicName(), task.output().topicName(), startTime.toMillis() / 1000.0,
                    uptime.toMillis() / 1000.0, tasks, restoredRecords);
        }
    }

    /** A task with the hot-swappable model it will run. */
    private record Loaded<M extends LiveModel.Swappable<M>, E>(Task<M, E> task, LiveModel<M> model) {
    }

    private final ModelWatcher watcher;
    private final List<Started> pipelines;
    private final List<AutoCloseable> services;

    private LstmStreamsApp(ModelWatcher watcher, List<Started> pipelines, List<AutoCloseable> services) {
        this.watcher = watcher;
        this.pipelines = List.copyOf(pipelines);
        this.services = List.copyOf(services);
    }

    /**
     * @throws ConfigException the metrics port is taken, or a model bundle is missing, invalid or for another task
     * @throws io.lstmstreams.kafka.TopicAdminException the broker is unreachable (the message names the address)
     * @throws IllegalStateException topics differ from their definitions (listed), or a pipeline did not start
     */
    public static LstmStreamsApp start(AppConfig given) {
        AppConfig config = given.withInstanceId();
        config.find(ConfigKey.METRICS_PORT).ifPresent(port -> requireFree(config.get(ConfigKey.METRICS_HOST), port, config));
        MetricsEndpoint.registry(); // before any meter counts: a registry added later starts its meters at zero
        // The bundles load (ND4J's natives first) while the broker is asked about the topics: a restart waits for
        // the slower of the two, not both (1.1 s and 0.7 s in a restart measured by RestartIT).
        CompletableFuture<List<Loaded<?, ?>>> loading = CompletableFuture.supplyAsync(
                () -> config.tasks().stream().<Loaded<?, ?>>map(task -> load(task, config)).toList());
        try (TopicAdmin admin = new TopicAdmin(config.adminConfig())) {
            admin.check(Topics.definitions()).requireClean();
        }
        List<Loaded<?, ?>> loaded = joined(loading);
        ModelWatcher watcher = ModelWatcher.start(config.adminConfig(),
                loaded.stream().<ModelTarget>map(Loaded::model).toList(), Metrics.globalRegistry);
        List<Started> started = new ArrayList<>();
        List<AutoCloseable> services = new ArrayList<>();
        for (Loaded<?, ?> task : loaded) {
            LiveModelMeters meters = new LiveModelMeters(task.model());
            meters.bindTo(Metrics.globalRegistry);
            services.add(meters);
        }
        List<Launched> launched = new ArrayList<>();
        try {
            registerInitialModels(watcher, loaded, config);
            // side by side: each pipeline joins its group and restores while the others do
            for (Loaded<?, ?> task : loaded) {
                launched.add(launch(task, config));
            }
            for (Launched pipeline : launched) {
                started.add(pipeline.awaitReady(config));
            }
            if (config.get(ConfigKey.RETRAIN_ENABLED) && !loaded.isEmpty()) {
                services.addAll(startRetraining(loaded, config));
            }
            config.find(ConfigKey.METRICS_PORT).ifPresent(port -> {
                HttpServer metrics = MetricsEndpoint.serve(config.get(ConfigKey.METRICS_HOST), port, () -> health(started));
                services.add(() -> metrics.stop(0));
            });
        } catch (RuntimeException e) {
            launched.subList(started.size(), launched.size()).forEach(pipeline -> pipeline.pipeline().close());
            new LstmStreamsApp(watcher, started, services).close();
            throw e;
        }
        return new LstmStreamsApp(watcher, started, services);
    }

    /**
     * One retrainer per task, sharing the training threads: the task's labelled examples from {@code lstm.labels}
     * into a bounded buffer, a scheduled run that warm-starts from the running model and promotes a better one to
     * the registry. Every instance buffers; only the one that leads ({@link RetrainLeadership}) trains.
     */
    private static List<AutoCloseable> startRetraining(List<Loaded<?, ?>> loaded, AppConfig config) {
        ExecutorService training = Retrainer.trainingExecutor(config.get(ConfigKey.RETRAIN_THREADS));
        ModelRegistry registry = new ModelRegistry(config.adminConfig());
        RetrainLeadership leadership = RetrainLeadership.join(config.adminConfig(),
                config.get(ConfigKey.APPLICATION_ID_PREFIX) + "-retrain-leader");
        List<AutoCloseable> parts = new ArrayList<>();
        for (Loaded<?, ?> task : loaded) {
            parts.addAll(retrainer(task, training, registry, leadership, config));
        }
        parts.add(training::shutdown); // no interrupt: a run in progress ends on its own, promoting nothing
        parts.add(leadership);
        parts.add(registry);
        return parts;
    }

    /** A task's label feed, buffer and scheduled retrainer. */
    private static <E> List<AutoCloseable> retrainer(Loaded<?, E> loaded, ExecutorService training,
                                                     ModelRegistry registry, RetrainLeadership leadership,
                                                     AppConfig config) {
        Task<?, E> task = loaded.task();
        LiveModel<?> model = loaded.model();
        Duration maxAge = config.get(ConfigKey.RETRAIN_BUFFER_MAX_AGE);
        LabelBuffer<E> buffer = new LabelBuffer<>(config.get(ConfigKey.RETRAIN_BUFFER_SIZE), maxAge,
                config.get(ConfigKey.RETRAIN_HELD_APART_PERCENT), 1);
        RetrainingMeters meters = new RetrainingMeters(task.name());
        meters.bindTo(Metrics.globalRegistry);
        LabelFeed<E> feed = LabelFeed.start(config.adminConfig(), task.name(), task.labels(config, MAX_OPEN_EXAMPLES),
                buffer, maxAge);
        Retrainer<E> retrainer = new Retrainer<>(task.name(), model::bundle, buffer, task.retraining(config), registry,
                () -> RegistrySnapshot.read(config.adminConfig(), START_TIMEOUT),
                new Retrainer.Settings(config.get(ConfigKey.RETRAIN_INTERVAL), config.get(ConfigKey.RETRAIN_MIN_NEW_LABELS),
                        config.get(ConfigKey.RETRAIN_MARGIN)),
                training, outcome -> {
                    LOG.info("{}: retraining run: {}", task.name(), outcome);
                    meters.record(outcome);
                }).start(leadership);
        return List.of(feed, retrainer, meters);
    }

    public List<Started> pipelines() {
        return pipelines;
    }

    /** What {@code /health} says: every pipeline's Kafka Streams state, ready or why not. */
    public Health health() {
        return health(pipelines);
    }

    private static Health health(List<Started> pipelines) {
        return Health.of(pipelines.stream().map(pipeline -> pipeline.running().health()).toList());
    }

    /**
     * The pipelines that stopped on their own, by task name, each described with its cause, in start order; empty
     * while all run. A pipeline stops alone: the others are separate Kafka Streams clients and go on.
     */
    public Map<String, String> failures() {
        Map<String, String> failures = new LinkedHashMap<>();
        pipelines.stream().filter(p -> !p.running().state().isRunningOrRebalancing()).forEach(p -> failures.put(
                p.task().name(), p.task().name() + " pipeline stopped (Kafka Streams state " + p.running().state() + ")"
                        + p.running().failure().map(cause -> ": " + cause).orElse("")));
        return failures;
    }

    /** Closes the pipelines, last started first (each commits and leaves its group), then stops following the registry. */
    @Override
    public void close() {
        for (AutoCloseable part : services) {
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("closing a background service: {}", e.toString());
            }
        }
        for (int i = pipelines.size() - 1; i >= 0; i--) {
            pipelines.get(i).running().close();
        }
        watcher.close();
    }

    /** Waits until the registry's pointers are applied; publishes the configured bundle of a task without one. */
    private static void registerInitialModels(ModelWatcher watcher, List<Loaded<?, ?>> loaded, AppConfig config) {
        try {
            if (!watcher.awaitCaughtUp(START_TIMEOUT)) {
                throw new IllegalStateException("could not read the model registry within " + START_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the model registry", e);
        }
        try (ModelRegistry registry = new ModelRegistry(config.adminConfig())) {
            loaded.stream().filter(task -> watcher.pointer(task.model().task()).isEmpty())
                    .forEach(task -> registry.promote(task.model().bundle(),
                            "configured bundle " + config.describe(Tasks.model(task.task()))));
        }
    }

    /**
     * The task's configured bundle as it runs it; any problem (missing file, unreadable, for another task) is a
     * configuration error.
     */
    private static <M extends LiveModel.Swappable<M>, E> Loaded<M, E> load(Task<M, E> task, AppConfig config) {
        ConfigKey<Path> key = Tasks.model(task);
        try {
            ModelBundle bundle = ModelBundle.read(config.get(key));
            return new Loaded<>(task, task.live(bundle, config));
        } catch (NoSuchFileException e) {
            throw new ConfigException(config.describe(key) + ": file not found");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(config.describe(key) + ": " + e.getMessage());
        }
    }

    /** A pipeline whose Kafka Streams instance was started, not yet known to be ready. */
    private record Launched(Loaded<?, ?> loaded, StreamsPipeline pipeline, long launchedAt) {
        Started awaitReady(AppConfig config) {
            Task<?, ?> task = loaded.task();
            pipeline.awaitReady(START_TIMEOUT);
            return new Started(task, pipeline, config.applicationId(task), loaded.model().runningVersion(),
                    Duration.ofNanos(System.nanoTime() - launchedAt),
                    Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime()), pipeline.activeTasks(),
                    pipeline.restoredRecords());
        }
    }

    /** Starts the task's pipeline without waiting: the topics were checked once for all pipelines. */
    private static <M extends LiveModel.Swappable<M>> Launched launch(Loaded<M, ?> loaded, AppConfig config) {
        Task<M, ?> task = loaded.task();
        long begin = System.nanoTime();
        StreamsPipeline pipeline = StreamsPipeline.launch(task.name(),
                task.topology(loaded.model()::current, config, Metrics.globalRegistry), config.streamsProperties(task),
                config.get(ConfigKey.METRICS_KAFKA_REFRESH));
        return new Launched(loaded, pipeline, begin);
    }

    /** The value of a background step, its own exception rethrown as it was. */
    private static <T> T joined(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Binds the address as the metrics endpoint will, and lets it go at once: fail before starting. */
    private static void requireFree(String host, int port, AppConfig config) {
        try (ServerSocket ignored = new ServerSocket(port, 1, InetAddress.getByName(host))) {
            // free
        } catch (UnknownHostException e) {
            throw new ConfigException(config.describe(ConfigKey.METRICS_HOST) + ": unknown host");
        } catch (IOException e) {
            throw new ConfigException(config.describe(ConfigKey.METRICS_PORT) + ": port in use (" + e.getMessage() + ")");
        }
    }
}

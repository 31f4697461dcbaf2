package io.lstmstreams.app;

import com.sun.net.httpserver.HttpServer;
import io.lstmstreams.forecasting.ForecastModel;
import io.lstmstreams.forecasting.ForecastPipeline;
import io.lstmstreams.forecasting.ForecastRetraining;
import io.lstmstreams.forecasting.ForecastTraining;
import io.lstmstreams.forecasting.WindowAssembler;
import io.lstmstreams.kafka.StreamsPipeline;
import io.lstmstreams.kafka.TopicAdmin;
import io.lstmstreams.kafka.Topics;
import io.lstmstreams.metrics.MetricsEndpoint;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.registry.LiveModel;
import io.lstmstreams.registry.ModelRegistry;
import io.lstmstreams.registry.ModelTarget;
import io.lstmstreams.registry.ModelWatcher;
import io.lstmstreams.registry.RegistrySnapshot;
import io.lstmstreams.retrain.CandidateTrainer;
import io.lstmstreams.retrain.LabelAssembler;
import io.lstmstreams.retrain.LabelBuffer;
import io.lstmstreams.retrain.LabelFeed;
import io.lstmstreams.retrain.RetrainLeadership;
import io.lstmstreams.retrain.Retrainer;
import io.lstmstreams.retrain.SentenceAssembler;
import io.lstmstreams.tagging.PosTraining;
import io.lstmstreams.tagging.TaggerFactory;
import io.lstmstreams.tagging.TaggingPipeline;
import io.lstmstreams.tagging.TaggingRetraining;
import io.lstmstreams.training.TrainingConfig;
import io.micrometer.core.instrument.Metrics;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
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

    /** A pipeline that started, with what an operator wants to see about it. */
    public record Started(Pipeline pipeline, StreamsPipeline running, String applicationId, long modelVersion,
                          Duration startTime) {
        public String describe() {
            return String.format(Locale.ROOT, "%s: running as %s, model version %d, %s -> %s, started in %.1f s",
                    pipeline.key(), applicationId, modelVersion, pipeline.input().topicName(),
                    pipeline.output().topicName(), startTime.toMillis() / 1000.0);
        }
    }

    /** A pipeline with the hot-swappable model it will run. */
    private record Loaded<M extends LiveModel.Swappable<M>>(Pipeline pipeline, LiveModel<M> model) {
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
    public static LstmStreamsApp start(AppConfig config) {
        config.find(ConfigKey.METRICS_PORT).ifPresent(port -> requireFree(port, config));
        MetricsEndpoint.registry(); // before any meter counts: a registry added later starts its meters at zero
        try (TopicAdmin admin = new TopicAdmin(config.adminConfig())) {
            admin.check(Topics.definitions()).requireClean();
        }
        List<Loaded<TaggerFactory>> tagging = config.pipelines().stream().filter(pipeline -> pipeline.tagging().isPresent())
                .map(pipeline -> load(pipeline, config, bundle -> pipeline.tagging().orElseThrow()
                        .live(bundle, config.get(ConfigKey.LOGKEYS_TOP_G)))).toList();
        Optional<Loaded<ForecastModel>> forecast = config.pipelines().contains(Pipeline.FORECAST)
                ? Optional.of(load(Pipeline.FORECAST, config, bundle -> new LiveModel<>(ForecastTraining.TASK,
                        ForecastModel::from, bundle)))
                : Optional.empty();
        List<Loaded<?>> loaded = new ArrayList<>(tagging);
        forecast.ifPresent(loaded::add);
        ModelWatcher watcher = ModelWatcher.start(config.adminConfig(),
                loaded.stream().<ModelTarget>map(Loaded::model).toList(), Metrics.globalRegistry);
        List<Started> started = new ArrayList<>();
        List<AutoCloseable> services = new ArrayList<>();
        try {
            registerInitialModels(watcher, loaded, config);
            for (Loaded<TaggerFactory> pipeline : tagging) {
                started.add(start(pipeline, config));
            }
            forecast.ifPresent(model -> started.add(startForecast(model, config)));
            if (config.get(ConfigKey.RETRAIN_ENABLED) && !loaded.isEmpty()) {
                services.addAll(startRetraining(tagging, forecast, config));
            }
            config.find(ConfigKey.METRICS_PORT).ifPresent(port -> {
                HttpServer metrics = MetricsEndpoint.serve(port);
                services.add(() -> metrics.stop(0));
            });
        } catch (RuntimeException e) {
            new LstmStreamsApp(watcher, started, services).close();
            throw e;
        }
        return new LstmStreamsApp(watcher, started, services);
    }

    /**
     * One retrainer per pipeline, sharing the training threads: labelled examples from {@code lstm.labels} into a
     * bounded buffer, a scheduled run that warm-starts from the running model and promotes a better one to the
     * registry. Every instance buffers; only the one that leads ({@link RetrainLeadership}) trains. Labels: pos tokens with their gold tag; log events labelled {@value TaggingRetraining#NORMAL};
     * forecasting's realized windows, in stretches of a few seasons.
     */
    private static List<AutoCloseable> startRetraining(List<Loaded<TaggerFactory>> tagging,
                                                       Optional<Loaded<ForecastModel>> forecast, AppConfig config) {
        ExecutorService training = Retrainer.trainingExecutor(config.get(ConfigKey.RETRAIN_THREADS));
        ModelRegistry registry = new ModelRegistry(config.adminConfig());
        RetrainLeadership leadership = RetrainLeadership.join(config.adminConfig(),
                config.get(ConfigKey.APPLICATION_ID_PREFIX) + "-retrain-leader");
        TrainingConfig defaults = PosTraining.Options.defaults(0).training();
        TrainingConfig retrainingConfig = new TrainingConfig(defaults.optimizer(), defaults.learningRate(),
                defaults.gradientClip(), defaults.batchSize(), 3, 1, defaults.validationFraction(), defaults.seed());
        List<AutoCloseable> parts = new ArrayList<>();
        for (Loaded<TaggerFactory> pipeline : tagging) {
            parts.addAll(retrainer(pipeline.model(), new SentenceAssembler(pipeline.model().task(), MAX_OPEN_EXAMPLES),
                    TaggingRetraining.of(pipeline.pipeline().tagging().orElseThrow(), retrainingConfig), training, registry,
                    leadership, config));
        }
        forecast.ifPresent(pipeline -> parts.addAll(retrainer(pipeline.model(),
                new WindowAssembler(ForecastRetraining.stretchLength(config.get(ConfigKey.FORECAST_SEASON)), MAX_OPEN_EXAMPLES),
                new ForecastRetraining(ForecastTraining.Options.defaults(pipeline.model().current().horizon()).training()),
                training, registry, leadership, config)));
        parts.add(training::shutdown); // no interrupt: a run in progress ends on its own, promoting nothing
        parts.add(leadership);
        parts.add(registry);
        return parts;
    }

    /** A task's label feed, buffer and scheduled retrainer. */
    private static <E> List<AutoCloseable> retrainer(LiveModel<?> model, LabelAssembler<E> assembler,
                                                     CandidateTrainer<E> trainer, ExecutorService training,
                                                     ModelRegistry registry, RetrainLeadership leadership,
                                                     AppConfig config) {
        Duration maxAge = config.get(ConfigKey.RETRAIN_BUFFER_MAX_AGE);
        LabelBuffer<E> buffer = new LabelBuffer<>(config.get(ConfigKey.RETRAIN_BUFFER_SIZE), maxAge,
                config.get(ConfigKey.RETRAIN_HELD_APART_PERCENT), 1);
        LabelFeed<E> feed = LabelFeed.start(config.adminConfig(), model.task(), assembler, buffer, maxAge);
        Retrainer<E> retrainer = new Retrainer<>(model.task(), model::bundle, buffer, trainer, registry,
                () -> RegistrySnapshot.read(config.adminConfig(), START_TIMEOUT),
                new Retrainer.Settings(config.get(ConfigKey.RETRAIN_INTERVAL), config.get(ConfigKey.RETRAIN_MIN_NEW_LABELS),
                        config.get(ConfigKey.RETRAIN_MARGIN)),
                training, outcome -> LOG.info("{}: retraining run: {}", model.task(), outcome)).start(leadership);
        return List.of(feed, retrainer);
    }

    public List<Started> pipelines() {
        return pipelines;
    }

    /** The first pipeline that stopped on its own (a stream thread died), described; empty while all run. */
    public Optional<String> failure() {
        return pipelines.stream().filter(p -> !p.running().state().isRunningOrRebalancing()).findFirst()
                .map(p -> p.pipeline().key() + " pipeline stopped (Kafka Streams state " + p.running().state() + ")");
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
    private static void registerInitialModels(ModelWatcher watcher, List<Loaded<?>> loaded, AppConfig config) {
        try {
            if (!watcher.awaitCaughtUp(START_TIMEOUT)) {
                throw new IllegalStateException("could not read the model registry within " + START_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the model registry", e);
        }
        try (ModelRegistry registry = new ModelRegistry(config.adminConfig())) {
            loaded.stream().filter(pipeline -> watcher.pointer(pipeline.model().task()).isEmpty())
                    .forEach(pipeline -> registry.promote(pipeline.model().bundle(),
                            "configured bundle " + config.describe(ConfigKey.model(pipeline.pipeline()))));
        }
    }

    /**
     * The pipeline's configured bundle as it runs it; any problem (missing file, unreadable, for another task) is a
     * configuration error.
     */
    private static <M extends LiveModel.Swappable<M>> Loaded<M> load(Pipeline pipeline, AppConfig config,
                                                                     Function<ModelBundle, LiveModel<M>> runAs) {
        ConfigKey<Path> key = ConfigKey.model(pipeline);
        try {
            return new Loaded<>(pipeline, runAs.apply(ModelBundle.read(config.get(key))));
        } catch (NoSuchFileException e) {
            throw new ConfigException(config.describe(key) + ": file not found");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(config.describe(key) + ": " + e.getMessage());
        }
    }

    private static Started start(Loaded<TaggerFactory> loaded, AppConfig config) {
        Pipeline pipeline = loaded.pipeline();
        long begin = System.nanoTime();
        StreamsPipeline running = TaggingPipeline.start(pipeline.tagging().orElseThrow(), loaded.model()::current,
                config.taggingSettings(pipeline), config.streamsProperties(pipeline), START_TIMEOUT);
        return new Started(pipeline, running, config.applicationId(pipeline), loaded.model().runningVersion(),
                Duration.ofNanos(System.nanoTime() - begin));
    }

    private static Started startForecast(Loaded<ForecastModel> loaded, AppConfig config) {
        long begin = System.nanoTime();
        StreamsPipeline running = ForecastPipeline.start(loaded.model()::current, config.forecastSettings(),
                Metrics.globalRegistry, config.streamsProperties(Pipeline.FORECAST), START_TIMEOUT);
        return new Started(Pipeline.FORECAST, running, config.applicationId(Pipeline.FORECAST),
                loaded.model().runningVersion(), Duration.ofNanos(System.nanoTime() - begin));
    }

    /** Binds the port on all interfaces, as the metrics endpoint does, and lets it go at once: fail before starting. */
    private static void requireFree(int port, AppConfig config) {
        try (ServerSocket ignored = new ServerSocket(port)) {
            // free
        } catch (IOException e) {
            throw new ConfigException(config.describe(ConfigKey.METRICS_PORT) + ": port in use (" + e.getMessage() + ")");
        }
    }
}

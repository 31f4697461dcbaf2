package io.lstmstreams.demo;

import io.lstmstreams.app.AppConfig;
import io.lstmstreams.app.LstmStreamsApp;
import io.lstmstreams.app.Tasks;
import io.lstmstreams.config.ConfigKey;
import io.lstmstreams.config.Setting;
import io.lstmstreams.data.Series;
import io.lstmstreams.forecast.ForecastTask;
import io.lstmstreams.kafka.EmbeddedKafkaBroker;
import io.lstmstreams.kafka.TemporaryDirectory;
import io.lstmstreams.kafka.TopicAdmin;
import io.lstmstreams.logkeys.LogKeysTask;
import io.lstmstreams.metrics.Health;
import io.lstmstreams.pos.PosTask;
import io.lstmstreams.task.Task;
import io.lstmstreams.wire.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The whole system on an embedded broker for a while: web page, broker and topics, starter models, the app's
 * pipelines, the output reader and the feeds, started in that order by {@link #start} and closed in reverse by
 * {@link #close}. The caller decides how long it runs, calling {@link #tick} about once a second.
 */
public final class Demo implements AutoCloseable {

    /** After the feeds stop, outputs still in flight are counted until none came for this long. */
    private static final Duration DRAIN_QUIET = Duration.ofSeconds(1);
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(10);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final PrintWriter out;
    private final DemoState state;
    /** Read by the web server's threads for /health. */
    private volatile LstmStreamsApp app;
    private OutputReader reader;
    private FeedReplayer feeds;
    private TerminalView view;

    private Demo(PrintWriter out, Duration duration) {
        this.out = out;
        this.state = new DemoState(Tasks.ALL.stream().map(Task::name).toList(), duration,
                System::currentTimeMillis);
    }

    /** Starts everything, printing what it does; on a failure closes what it started and rethrows. */
    public static Demo start(DemoOptions options, PrintWriter out, boolean ansi) {
        return start(options, out, ansi, List.of());
    }

    /** As {@link #start(DemoOptions, PrintWriter, boolean)}, with settings of the app that beat the demo's own. */
    public static Demo start(DemoOptions options, PrintWriter out, boolean ansi, List<Setting> overrides) {
        Demo demo = new Demo(out, options.duration());
        try {
            demo.startAll(options, ansi, overrides);
            return demo;
        } catch (RuntimeException e) {
            demo.closeStarted();
            throw e;
        }
    }

    /** Shows the current state; throws when a pipeline, a feed or the reader stopped on its own. */
    public void tick() {
        Stream.of(app.failures().values().stream().findFirst(), feeds.failure(), reader.failure()).flatMap(Optional::stream).findFirst()
                .ifPresent(failure -> {
                    throw new IllegalStateException(failure);
                });
        view.show(state.snapshot());
    }

    /** What the run did so far (after {@link #close()}, all of it): a line for people, then {@link Summary#line()}. */
    public List<String> summaryLines() {
        DemoSnapshot snapshot = state.snapshot();
        return List.of(TerminalView.closingLine(snapshot), Summary.of(snapshot).line());
    }

    public DemoSnapshot snapshot() {
        return state.snapshot();
    }

    /** Stops the feeds, counts the outputs still in flight, then closes everything else. */
    @Override
    public void close() {
        feeds.close();
        try {
            reader.awaitQuiet(DRAIN_QUIET, DRAIN_LIMIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeStarted();
    }

    private void startAll(DemoOptions options, boolean ansi, List<Setting> overrides) {
        Path workDir = workDir(options.workDir());
        DemoWebServer web = started(DemoWebServer.start(options.port(), state::snapshot,
                () -> app == null ? Health.STARTING : app.health()));
        out.println("demo: web page on " + web.url());

        long begin = System.nanoTime();
        EmbeddedKafkaBroker broker = started(new EmbeddedKafkaBroker(0, workDir.resolve("kafka")).start());
        try (TopicAdmin admin = new TopicAdmin(broker.bootstrapServers())) {
            admin.create(Topics.definitions());
        }
        out.printf(Locale.ROOT, "demo: Kafka on %s (data in %s), %d topics from topics/, in %.1f s%n",
                broker.bootstrapServers(), broker.dataDir(), Topics.ALL.size(), seconds(begin));

        StarterModels models = StarterModels.train(directory(workDir.resolve("models")), out);
        long now = System.currentTimeMillis();
        // One window per round of the series' points (a month of AirPassengers per window), as long as a round
        // takes at the feed's rate: event time keeps pace with the clock (the broker refuses records stamped
        // more than an hour ahead).
        Duration forecastWindow = Duration.ofMillis(Math.max(1, Math.round(1000.0 * models.series().size() / options.ratePerFeed())));
        // Enough windows for twice the run at the feed's rate: event time must never go back by looping.
        int windows = (int) Math.ceil(2 * options.ratePerFeed() * options.duration().toSeconds() / models.series().size()) + 10;
        List<Feed> feedList = List.of(Feed.sentences(models.heldApartSentences()),
                Feed.sessions(models.heldApartSessions()),
                Feed.series(models.series(), now - now % forecastWindow.toMillis(), forecastWindow.toMillis(), windows));
        out.printf(Locale.ROOT, "demo: held apart for replay: %d EWT sentences, %d HDFS sessions"
                        + " (plus altered copies keyed %s* as anomalies); series %s, a point each per %d ms window of"
                        + " event time; feeds loop at %.1f events/s each%n",
                models.heldApartSentences().size(), models.heldApartSessions().size(), SyntheticAnomalies.KEY_PREFIX,
                models.series().stream().map(Series::name).toList(), forecastWindow.toMillis(), options.ratePerFeed());

        app = started(LstmStreamsApp.start(config(broker, models, workDir, forecastWindow, overrides)));
        app.pipelines().forEach(pipeline -> out.println(pipeline.describe()));
        out.printf(Locale.ROOT, "demo: started in %.1f s; running for %d s (Ctrl-C stops it early)%n", seconds(begin),
                options.duration().toSeconds());
        out.flush();

        state.startClock();
        reader = started(new OutputReader(broker.bootstrapServers(), state));
        reader.start();
        feeds = started(new FeedReplayer(broker.bootstrapServers(), options.ratePerFeed(), state));
        feeds.start(feedList);
        view = new TerminalView(out, ansi, web.url());
    }

    private AppConfig config(EmbeddedKafkaBroker broker, StarterModels models, Path workDir, Duration forecastWindow,
                             List<Setting> overrides) {
        List<Setting> settings = new ArrayList<>(List.of(
                new Setting(ConfigKey.BOOTSTRAP_SERVERS.name(), broker.bootstrapServers(), "demo"),
                new Setting(Tasks.model(PosTask.NAME).name(), models.posModel().toString(), "demo"),
                new Setting(Tasks.model(LogKeysTask.NAME).name(), models.logkeysModel().toString(), "demo"),
                new Setting(Tasks.PIPELINES.name(), Tasks.ALL.stream().map(Task::name)
                        .collect(Collectors.joining(",")), "demo"),
                new Setting(Tasks.model(ForecastTask.NAME).name(), models.forecastModel().toString(), "demo"),
                new Setting(ForecastTask.WINDOW_SIZE.name(), forecastWindow.toMillis() + "ms", "demo"),
                // The feed sends each window's points together and in order: nothing arrives late on purpose.
                new Setting(ForecastTask.WINDOW_GRACE.name(), "1ms", "demo"),
                new Setting(ForecastTask.SEASON.name(), String.valueOf(StarterModels.SEASON), "demo"),
                new Setting(ConfigKey.STATE_DIR.name(), workDir.resolve("state").toString(), "demo"),
                // Retrain often enough that a two-minute run shows a promotion: the starter models are weak on purpose.
                new Setting(ConfigKey.RETRAIN_INTERVAL.name(), "20s", "demo"),
                new Setting(ConfigKey.RETRAIN_MIN_NEW_LABELS.name(), "150", "demo")));
        settings.addAll(overrides); // a later setting of a key beats an earlier one
        return AppConfig.load(settings, Map.of(), null);
    }

    /** The given directory, which must be empty or new, or a temporary one deleted at the end. */
    private Path workDir(Path given) {
        if (given == null) {
            return started(TemporaryDirectory.create("lstm-demo-")).path();
        }
        try (Stream<Path> entries = Files.isDirectory(given) ? Files.list(given) : Stream.empty()) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException("--work-dir " + given + " is not empty: give a new or empty directory");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + given, e);
        }
        return directory(given);
    }

    private <T extends AutoCloseable> T started(T resource) {
        started.push(resource);
        return resource;
    }

    /** Closes, last started first, going on past failures so nothing is left running; the first failure is rethrown. */
    private void closeStarted() {
        RuntimeException failure = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("demo: closing failed: " + e.getMessage(), e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static Path directory(Path path) {
        try {
            return Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + path, e);
        }
    }

    private static double seconds(long beginNanos) {
        return (System.nanoTime() - beginNanos) / 1e9;
    }
}

package io.lstmstreams.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lstmstreams.app.AppConfig;
import io.lstmstreams.app.LstmStreamsApp;
import io.lstmstreams.app.Tasks;
import io.lstmstreams.config.ConfigKey;
import io.lstmstreams.config.Setting;
import io.lstmstreams.data.Conllu;
import io.lstmstreams.data.LogSessions;
import io.lstmstreams.data.Sentence;
import io.lstmstreams.data.Series;
import io.lstmstreams.data.SeriesCsv;
import io.lstmstreams.forecast.ForecastTask;
import io.lstmstreams.kafka.EmbeddedKafkaBroker;
import io.lstmstreams.kafka.KafkaBrokerExtension;
import io.lstmstreams.kafka.Replayer;
import io.lstmstreams.logkeys.LogKeysTask;
import io.lstmstreams.model.CellType;
import io.lstmstreams.pos.PosTask;
import io.lstmstreams.task.Task;
import io.lstmstreams.training.TrainingConfig;
import io.lstmstreams.wire.Json;
import io.lstmstreams.wire.SeriesPoint;
import io.lstmstreams.wire.TokenEvent;
import io.lstmstreams.wire.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's view, proven end to end: the app runs every pipeline on a real broker with data flowing through
 * each (good records, bad ones, labels that retrain), a real Prometheus scrapes its {@code /metrics} every second,
 * and every PromQL expression of every panel of every dashboard in {@code grafana/dashboards/} returns data, with
 * the template variables substituted as Grafana would; every metric an alert rule names exists; the main
 * dashboard's picture is rendered from that Prometheus. Prometheus is Debian's package: without it this fails (it
 * never skips), naming the package; {@code .ci/run} installs it.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ObservabilityIT {

    static final Path EWT_DEV = Path.of("src/main/resources/data/ewt/en_ewt-ud-dev.conllu.gz");
    static final Path HDFS = Path.of("src/main/resources/data/hdfs/hdfs_train");
    static final Path SERIES = Path.of("src/main/resources/data/series/AirPassengers.csv");
    static final Path PICTURE_SCRIPT = Path.of("bin/render-dashboard");
    /** Grafana's {@code $__rate_interval} at a 1 s scrape interval is 4 s at least; 15 s smooths a short run. */
    static final String RATE_INTERVAL = "15s";
    /** Data flows at least this long before the queries are asked: several rate intervals of samples. */
    static final Duration WARM_UP = Duration.ofSeconds(30);
    /** Then every panel must return data within this long (per-task Kafka metrics come with a refresh). */
    static final Duration QUERY_DEADLINE = Duration.ofSeconds(60);
    /** Events per second per input topic: enough for retraining runs in a minute, little CPU on 2 shared cores. */
    static final int RATE = 40;
    static final Duration WINDOW = Duration.ofSeconds(1);
    private static final TrainingConfig QUICK = new TrainingConfig(TrainingConfig.Optimizer.ADAM, 1e-2, 5.0, 32, 1, 1, 0.1, 1);
    private static final Pattern METRIC_NAME = Pattern.compile("\\b((?:lstm|kafka|jvm|process)_[a-z0-9_]+|up)\\b");

    @TempDir
    static Path dir;

    @Test
    void everyPanelQueryReturnsDataFromAPrometheusScrapingTheRunningApp(EmbeddedKafkaBroker kafka) throws Exception {
        Tools.require(PrometheusServer.BINARY, "prometheus");
        Tools.require(Tools.PYTHON, "python3-matplotlib");
        KafkaBrokerExtension.createTopics(kafka);
        int metricsPort = PrometheusServer.freePort();
        long begin = System.nanoTime();
        ExecutorService feeds = Executors.newFixedThreadPool(3);
        try (LstmStreamsApp app = LstmStreamsApp.start(config(kafka, metricsPort));
             PrometheusServer prometheus = PrometheusServer.start(prometheusConfig(metricsPort), Files.createDirectories(dir.resolve("prometheus")));
             Replayer replayer = new Replayer(kafka.bootstrapServers())) {
            long feedSeconds = WARM_UP.plus(QUERY_DEADLINE).toSeconds();
            feeds.submit(() -> replayer.replay(Topics.TOKENS, tokens(feedSeconds), RATE));
            feeds.submit(() -> replayer.replay(Topics.EVENTS, logEvents(feedSeconds), RATE));
            feeds.submit(() -> replayer.replay(Topics.SERIES, seriesPoints(feedSeconds), 4));
            Thread.sleep(WARM_UP.toMillis());

            Map<String, String> variables = Map.of("instance", "127.0.0.1:" + metricsPort, "task",
                    String.join("|", Tasks.ALL.stream().map(Task::name).toList()), "__rate_interval", RATE_INTERVAL);
            Map<String, String> queries = new LinkedHashMap<>();
            Map<String, String> annotations = new LinkedHashMap<>();
            for (Dashboards dashboard : Dashboards.all()) {
                queries.putAll(dashboard.queries(variables));
                annotations.putAll(dashboard.annotationQueries(variables));
            }
            List<String> empty = emptyQueries(prometheus, queries);
            int rounds = 1;
            long deadline = System.nanoTime() + QUERY_DEADLINE.toNanos();
            while (!empty.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(2000);
                empty = emptyQueries(prometheus, queries);
                rounds++;
            }
            Files.writeString(Path.of("target", "observability-scrape.txt"), MetricsEndpoint.registry().scrape());

            assertThat(prometheus.targets().get("activeTargets")).singleElement()
                    .satisfies(target -> assertThat(target.get("health").asText()).isEqualTo("up"));
            assertThat(queries).as("panel queries").hasSizeGreaterThan(30);
            assertThat(empty).as("panels whose query returned no data after %s", QUERY_DEADLINE).isEmpty();
            for (String annotation : annotations.values()) {
                prometheus.query(annotation); // fails on an error; an empty result only means nothing to mark now
            }
            assertThat(missingRuleMetrics(prometheus)).as("metrics the alert rules name that Prometheus does not have").isEmpty();
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + metricsPort + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(health.body()).get("pipelines")).hasSize(Tasks.ALL.size());

            Path picture = Files.createDirectories(Path.of("target", "observability")).resolve("pipeline-overview.png");
            Tools.run(Duration.ofSeconds(60), Tools.PYTHON.toString(), PICTURE_SCRIPT.toString(), "--prometheus", prometheus.url(),
                    "--dashboard", Dashboards.MAIN.toString(), "--minutes", "2", "--out", picture.toString());
            assertThat(Files.size(picture)).isGreaterThan(20_000);
            System.out.printf("ObservabilityIT: %d queries answered in %d round(s) of asking, %.0f s from app start%n",
                    queries.size(), rounds, (System.nanoTime() - begin) / 1e9);
        } finally {
            feeds.shutdownNow();
            feeds.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** The queries, by where they come from, that returned an empty result. */
    private static List<String> emptyQueries(PrometheusServer prometheus, Map<String, String> queries)
            throws IOException, InterruptedException {
        List<String> empty = new ArrayList<>();
        for (Map.Entry<String, String> query : queries.entrySet()) {
            JsonNode result = prometheus.query(query.getValue()).get("result");
            if (result.isEmpty()) {
                empty.add(query.getKey() + ": " + query.getValue());
            }
        }
        return empty;
    }

    /** Every metric name in the rules file that Prometheus has no series of. */
    private static List<String> missingRuleMetrics(PrometheusServer prometheus) throws IOException, InterruptedException {
        Matcher names = METRIC_NAME.matcher(Files.readString(DeploymentFilesIT.RULES));
        List<String> missing = new ArrayList<>();
        while (names.find()) {
            String name = names.group(1);
            if (!missing.contains(name) && prometheus.query("count({__name__=\"" + name + "\"})").get("result").isEmpty()) {
                missing.add(name);
            }
        }
        return missing;
    }

    private static AppConfig config(EmbeddedKafkaBroker kafka, int metricsPort) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(ConfigKey.BOOTSTRAP_SERVERS.name(), kafka.bootstrapServers());
        settings.put(Tasks.PIPELINES.name(), "pos,logkeys,forecast");
        settings.put(Tasks.model(PosTask.NAME).name(), posModel().toString());
        settings.put(Tasks.model(LogKeysTask.NAME).name(), logkeysModel().toString());
        settings.put(Tasks.model(ForecastTask.NAME).name(), forecastModel().toString());
        settings.put(ConfigKey.STATE_DIR.name(), dir.resolve("state").toString());
        settings.put(ConfigKey.METRICS_PORT.name(), Integer.toString(metricsPort));
        settings.put(ConfigKey.METRICS_KAFKA_REFRESH.name(), "5s");
        settings.put(ForecastTask.WINDOW_SIZE.name(), WINDOW.toMillis() + "ms");
        settings.put(ForecastTask.WINDOW_GRACE.name(), "1ms");
        settings.put(ForecastTask.SEASON.name(), "4");
        settings.put(ConfigKey.RETRAIN_INTERVAL.name(), "10s");
        settings.put(ConfigKey.RETRAIN_MIN_NEW_LABELS.name(), "20");
        return AppConfig.load(settings.entrySet().stream().map(setting -> new Setting(setting.getKey(), setting.getValue(),
                "test")).toList(), Map.of(), null);
    }

    /** Scrapes the app every second, with the repository's alert rules loaded. */
    private static Path prometheusConfig(int metricsPort) throws IOException {
        return Files.writeString(dir.resolve("prometheus.yml"), String.join("\n",
                "global: {scrape_interval: 1s, evaluation_interval: 1s}",
                "rule_files: ['" + DeploymentFilesIT.RULES.toAbsolutePath() + "']",
                "scrape_configs:",
                "  - job_name: lstm-streams",
                "    static_configs: [{targets: ['127.0.0.1:" + metricsPort + "']}]", ""));
    }

    private static Path posModel() throws IOException {
        Path bundle = dir.resolve("pos.bundle");
        PosTask.train(Conllu.read(EWT_DEV).subList(200, 400), new PosTask.Options(0, CellType.LSTM, 16, 1, 0.0, 8, 4, 256, 1, 0, QUICK),
                null, 0, 1, report -> { }).write(bundle);
        return bundle;
    }

    private static Path logkeysModel() throws IOException {
        Path bundle = dir.resolve("logkeys.bundle");
        LogKeysTask.train(LogSessions.read(HDFS).subList(0, 300), new LogKeysTask.Options(CellType.LSTM, 16, 1, 0.0, 8, QUICK), 1,
                report -> { }).write(bundle);
        return bundle;
    }

    private static Path forecastModel() throws IOException {
        Path bundle = dir.resolve("forecast.bundle");
        ForecastTask.train(List.of(SeriesCsv.read(SERIES)), 4, new ForecastTask.Options(3, CellType.LSTM, 4, 1, 0.0, QUICK), 1, report -> { })
                .write(bundle);
        return bundle;
    }

    /** Sentences with their gold tags (labels for accuracy and retraining), a malformed record now and then. */
    private static List<KeyValue<String, byte[]>> tokens(long seconds) {
        List<Sentence> sentences = Conllu.read(EWT_DEV).subList(0, 200);
        List<KeyValue<String, byte[]>> records = new ArrayList<>();
        for (int round = 0; records.size() < seconds * RATE; round++) {
            for (Sentence sentence : sentences) {
                Sentence renamed = new Sentence(sentence.id() + "-" + round, sentence.words(), sentence.tags());
                records.addAll(PosTask.records(List.of(renamed)));
                if (records.size() % 50 < renamed.length()) {
                    records.add(malformed(renamed.id()));
                }
            }
        }
        return records;
    }

    /** Sessions labelled normal, and every tenth one shuffled and unlabelled, so that some are flagged. */
    private static List<KeyValue<String, byte[]>> logEvents(long seconds) {
        List<int[]> sessions = LogSessions.read(HDFS).subList(300, 600);
        List<KeyValue<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; records.size() < seconds * RATE; i++) {
            int[] session = sessions.get(i % sessions.size());
            boolean altered = i % 10 == 9;
            String id = "session-" + i;
            for (int step = 0; step < session.length; step++) {
                int key = altered ? session[session.length - 1 - step] : session[step];
                records.add(KeyValue.pair(id, TokenEvent.of(Integer.toString(key), altered ? null : LogKeysTask.NORMAL,
                        step == session.length - 1).toJson()));
            }
            if (i % 20 == 0) {
                records.add(malformed(id));
            }
        }
        return records;
    }

    /** Two series, two points each per window, stamped as the replay's pace will send them (event time keeps up). */
    private static List<KeyValue<String, byte[]>> seriesPoints(long seconds) {
        Series series = SeriesCsv.read(SERIES);
        double[] values = series.target();
        long start = System.currentTimeMillis();
        List<KeyValue<String, byte[]>> records = new ArrayList<>();
        IntStream.range(0, (int) seconds * 2).forEach(i -> {
            long time = start + i * WINDOW.toMillis() / 2;
            records.add(KeyValue.pair("passengers", SeriesPoint.of(time, values[(i / 2) % values.length]).toJson()));
            records.add(KeyValue.pair("scaled", SeriesPoint.of(time, 10 * values[(i / 2) % values.length]).toJson()));
            if (i % 30 == 0) {
                records.add(malformed("passengers"));
            }
        });
        return records;
    }

    private static KeyValue<String, byte[]> malformed(String key) {
        return KeyValue.pair(key, "{\"token\":".getBytes(StandardCharsets.UTF_8));
    }
}

package io.lstmstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.app.PoisonPillIT;
import io.lstmstreams.data.SeriesCsv;
import io.lstmstreams.forecast.ForecastTask;
import io.lstmstreams.kafka.EmbeddedKafkaBroker;
import io.lstmstreams.kafka.KafkaBrokerExtension;
import io.lstmstreams.kafka.Replayer;
import io.lstmstreams.kafka.Transactions;
import io.lstmstreams.logkeys.LogKeysTask;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.pos.PosTask;
import io.lstmstreams.task.UninterruptedRun;
import io.lstmstreams.wire.Topics;
import io.lstmstreams.wire.SeriesPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash under load, verified as Kafka's own exactly-once system test (EosTestDriver) does it: {@code run} in its own
 * JVM with the pos, logkeys and forecast pipelines, all fed at a steady rate, killed with SIGKILL at random points
 * and started again, every other time with a 5 s commit interval so the kill lands inside an open transaction; then
 * no transaction may be left open, and every output topic, read committed, must hold each output of an uninterrupted
 * run of the same input exactly once, with the same value, per (key, position: a forecast's window and step).
 * Settings (system properties): {@code kills} (4), {@code kills.sentences} (400 EWT sentences), {@code kills.sessions}
 * (200 HDFS sessions), {@code kills.rate} (records/s per tagging feed, 60, and a sixth of it for the series: the
 * feeds outlast the kills), {@code kills.seed} (printed, to repeat a run). {@link KilledBatchedRunLosesAndRepeatsNothingIT} runs the same with events stepped in batches.
 */
@ExtendWith(KafkaBrokerExtension.class)
class KilledRunLosesAndRepeatsNothingIT {

    /** Settings the run gets besides the test's own. */
    List<String> moreSettings() {
        return List.of();
    }

    /** Checks, after the run, that it ran the way {@link #moreSettings} asked. */
    void assertRanAsConfigured(EmbeddedKafkaBroker kafka) throws Exception {
    }

    /** How far a fractional output may be from the reference's: none for the reference's own step engine. */
    double tolerance() {
        return 0;
    }

    static final int KILLS = Integer.getInteger("kills", 4);
    static final int SENTENCES = Integer.getInteger("kills.sentences", 400);
    static final int SESSIONS = Integer.getInteger("kills.sessions", 200);
    static final double RATE = Double.parseDouble(System.getProperty("kills.rate", "60"));
    static final long SEED = Long.getLong("kills.seed", System.currentTimeMillis());
    static final List<String> OUTPUTS = List.of(Topics.TAGS.topicName(), Topics.ANOMALIES.topicName(), Topics.LABELS.topicName(),
            Topics.FORECASTS.topicName(), Topics.FORECAST_ERRORS.topicName());
    /** Points per series fed: the bundled series' first rows. */
    static final int POINTS = 150;
    private static final long MINUTE = 60_000;

    @TempDir
    static Path dir;

    @Test
    void everyOutputIsCommittedOnceWithItsUninterruptedValueAfterKillsInsideOpenTransactions(EmbeddedKafkaBroker kafka)
            throws Exception {
        KafkaBrokerExtension.createTopics(kafka);
        Path posFile = dir.resolve("pos.bundle");
        Path logKeysFile = dir.resolve("logkeys.bundle");
        ModelBundle pos = PosFixtures.tinyModel(posFile);
        ModelBundle logKeys = LogKeysFixtures.tinyModel(logKeysFile);
        Path forecastFile = PoisonPillIT.forecastModel(dir);
        ModelBundle forecast = ModelBundle.read(forecastFile);
        List<KeyValue<String, byte[]>> tokens = PosTask.records(PosFixtures.sentences(0, SENTENCES));
        List<KeyValue<String, byte[]>> events = LogKeysFixtures.events(0, SESSIONS);
        List<KeyValue<String, byte[]>> points = points();
        Random random = new Random(SEED);
        int killsInOpenTransactions = 0;
        int killsWhileFeeding = 0;
        long begin = System.nanoTime();
        int compared;
        try (Replayer tokenFeed = new Replayer(kafka.bootstrapServers());
             Replayer eventFeed = new Replayer(kafka.bootstrapServers());
             Replayer seriesFeed = new Replayer(kafka.bootstrapServers())) {
            CompletableFuture<Long> feedingTokens = CompletableFuture.supplyAsync(() -> tokenFeed.replay(Topics.TOKENS, tokens, RATE));
            CompletableFuture<Long> feedingEvents = CompletableFuture.supplyAsync(() -> eventFeed.replay(Topics.EVENTS, events, RATE));
            CompletableFuture<Long> feedingSeries = CompletableFuture.supplyAsync(() -> seriesFeed.replay(Topics.SERIES, points, RATE / 6));
            for (int kill = 1; kill <= KILLS; kill++) {
                try (RunProcess run = RunProcess.start(args(kafka, posFile, logKeysFile, forecastFile, kill), dir.resolve("run-" + kill + ".log"))
                        .awaitStarted(3)) {
                    Thread.sleep(500 + random.nextInt(4_000));
                    killsWhileFeeding += feedingTokens.isDone() && feedingEvents.isDone() && feedingSeries.isDone() ? 0 : 1;
                    run.kill();
                    killsInOpenTransactions += Transactions.open(kafka).isEmpty() ? 0 : 1;
                }
            }
            try (RunProcess last = RunProcess.start(args(kafka, posFile, logKeysFile, forecastFile, 0), dir.resolve("run-last.log")).awaitStarted(3)) {
                assertThat(feedingTokens.get(5, TimeUnit.MINUTES)).isEqualTo(tokens.size());
                assertThat(feedingEvents.get(5, TimeUnit.MINUTES)).isEqualTo(events.size());
                assertThat(feedingSeries.get(5, TimeUnit.MINUTES)).isEqualTo(points.size());
                // compared while the last run is up: reading waits for the reference's count of every output
                compared = UninterruptedRun.assertCommittedOutputsMatch(kafka, List.of(
                        new UninterruptedRun.Share<>(new PosTask(), pos, tokens.size()),
                        new UninterruptedRun.Share<>(new LogKeysTask(), logKeys, events.size()),
                        new UninterruptedRun.Share<>(new ForecastTask(), forecast, points.size())), OUTPUTS,
                        dir.resolve("reference"), tolerance());
                last.stop();
            }
        }
        List<String> open = Transactions.open(kafka);
        List<?> heldBack = Transactions.heldBack(kafka, OUTPUTS);
        System.out.printf(Locale.ROOT, "kills=%d in_open_transaction=%d while_feeding=%d inputs=%d outputs_compared=%d"
                        + " seed=%d seconds=%.0f%n", KILLS, killsInOpenTransactions, killsWhileFeeding,
                tokens.size() + events.size() + points.size(), compared, SEED, (System.nanoTime() - begin) / 1e9);

        assertThat(open).as("transactions left open").isEmpty();
        assertThat(heldBack).as("partitions a read-committed reader cannot read to the end").isEmpty();
        assertThat(killsInOpenTransactions).as("kills that landed inside an open transaction").isPositive();
        assertRanAsConfigured(kafka);
    }

    /** Odd kills run with a 5 s commit interval (Kafka's EOS system test uses that), even ones with the default 100 ms. */
    private List<String> args(EmbeddedKafkaBroker kafka, Path pos, Path logKeys, Path forecast, int kill) {
        List<String> settings = new ArrayList<>(List.of(
                "--set", "pipelines=pos,logkeys,forecast", "--set", "logkeys.model=" + logKeys, // the later --set wins
                "--set", "forecast.model=" + forecast,
                "--set", "instance.id=node-1", "--set", "kafka.commit.interval.ms=" + (kill % 2 == 1 ? 5_000 : 100)));
        settings.addAll(moreSettings());
        return PosFixtures.runPos(kafka.bootstrapServers(), pos, "kills", dir.resolve("state"), settings.toArray(String[]::new));
    }

    /**
     * The bundled series' first {@link #POINTS} rows, a point in the middle of each minute from a day ago (within
     * the default tolerance of 7 days past), the series side by side in event time as live feeds send them.
     */
    private static List<KeyValue<String, byte[]>> points() throws IOException {
        long start = System.currentTimeMillis() / MINUTE * MINUTE - 24 * 60 * MINUTE;
        List<long[]> order = new ArrayList<>();
        List<KeyValue<String, byte[]>> points = new ArrayList<>();
        try (Stream<Path> files = Files.list(PoisonPillIT.AIR_PASSENGERS.getParent())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".csv")).sorted().toList()) {
                double[] values = SeriesCsv.read(file).target();
                for (int i = 0; i < Math.min(POINTS, values.length); i++) {
                    long time = start + i * MINUTE + MINUTE / 2;
                    order.add(new long[] {time, points.size()});
                    points.add(KeyValue.pair(file.getFileName().toString(), SeriesPoint.of(time, values[i]).toJson()));
                }
            }
        }
        order.sort(Comparator.comparingLong((long[] point) -> point[0]).thenComparingLong(point -> point[1]));
        return order.stream().map(point -> points.get((int) point[1])).toList();
    }
}

package io.lstmstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.kafka.CommittedRecords;
import io.lstmstreams.kafka.EmbeddedKafkaBroker;
import io.lstmstreams.kafka.KafkaBrokerExtension;
import io.lstmstreams.kafka.Replayer;
import io.lstmstreams.kafka.Transactions;
import io.lstmstreams.logkeys.LogKeysTask;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.pos.PosTask;
import io.lstmstreams.task.UninterruptedRun;
import io.lstmstreams.wire.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash under load, verified as Kafka's own exactly-once system test (EosTestDriver) does it: {@code run} in its own
 * JVM with the pos and logkeys pipelines, both fed at a steady rate, killed with SIGKILL at random points and started again, every other time with a 5 s
 * commit interval so the kill lands inside an open transaction; then no transaction may be left open, and every
 * output topic, read committed, must hold each output of an uninterrupted run of the same input exactly once, with
 * the same value, per (key, position). Settings (system properties): {@code kills} (4), {@code kills.sentences}
 * (400 EWT sentences), {@code kills.sessions} (200 HDFS sessions), {@code kills.rate} (records/s per feed, 60:
 * the feeds outlast the kills), {@code kills.seed}
 * (printed, to repeat a run). {@link KilledBatchedRunLosesAndRepeatsNothingIT} runs the same with events stepped in batches.
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
    static final List<String> OUTPUTS = List.of(Topics.TAGS.topicName(), Topics.ANOMALIES.topicName(), Topics.LABELS.topicName());

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
        List<KeyValue<String, byte[]>> tokens = PosTask.records(PosFixtures.sentences(0, SENTENCES));
        List<KeyValue<String, byte[]>> events = LogKeysFixtures.events(0, SESSIONS);
        Random random = new Random(SEED);
        int killsInOpenTransactions = 0;
        int killsWhileFeeding = 0;
        long begin = System.nanoTime();
        try (Replayer tokenFeed = new Replayer(kafka.bootstrapServers());
             Replayer eventFeed = new Replayer(kafka.bootstrapServers())) {
            CompletableFuture<Long> feedingTokens = CompletableFuture.supplyAsync(() -> tokenFeed.replay(Topics.TOKENS, tokens, RATE));
            CompletableFuture<Long> feedingEvents = CompletableFuture.supplyAsync(() -> eventFeed.replay(Topics.EVENTS, events, RATE));
            for (int kill = 1; kill <= KILLS; kill++) {
                try (RunProcess run = RunProcess.start(args(kafka, posFile, logKeysFile, kill), dir.resolve("run-" + kill + ".log"))
                        .awaitStarted(2)) {
                    Thread.sleep(500 + random.nextInt(4_000));
                    killsWhileFeeding += feedingTokens.isDone() && feedingEvents.isDone() ? 0 : 1;
                    run.kill();
                    killsInOpenTransactions += Transactions.open(kafka).isEmpty() ? 0 : 1;
                }
            }
            try (RunProcess last = RunProcess.start(args(kafka, posFile, logKeysFile, 0), dir.resolve("run-last.log")).awaitStarted(2)) {
                assertThat(feedingTokens.get(5, TimeUnit.MINUTES)).isEqualTo(tokens.size());
                assertThat(feedingEvents.get(5, TimeUnit.MINUTES)).isEqualTo(events.size());
                // everything processed
                CommittedRecords.records(kafka, Topics.TAGS.topicName(), tokens.size());
                CommittedRecords.records(kafka, Topics.ANOMALIES.topicName(), events.size());
                last.stop();
            }
        }
        List<String> open = Transactions.open(kafka);
        List<?> heldBack = Transactions.heldBack(kafka, OUTPUTS);
        int compared = UninterruptedRun.assertCommittedOutputsMatch(kafka, List.of(
                new UninterruptedRun.Share<>(new PosTask(), pos, tokens.size()),
                new UninterruptedRun.Share<>(new LogKeysTask(), logKeys, events.size())), OUTPUTS, dir.resolve("reference"),
                tolerance());
        System.out.printf(Locale.ROOT, "kills=%d in_open_transaction=%d while_feeding=%d inputs=%d outputs_compared=%d"
                        + " seed=%d seconds=%.0f%n", KILLS, killsInOpenTransactions, killsWhileFeeding,
                tokens.size() + events.size(), compared, SEED, (System.nanoTime() - begin) / 1e9);

        assertThat(open).as("transactions left open").isEmpty();
        assertThat(heldBack).as("partitions a read-committed reader cannot read to the end").isEmpty();
        assertThat(killsInOpenTransactions).as("kills that landed inside an open transaction").isPositive();
        assertRanAsConfigured(kafka);
    }

    /** Odd kills run with a 5 s commit interval (Kafka's EOS system test uses that), even ones with the default 100 ms. */
    private List<String> args(EmbeddedKafkaBroker kafka, Path pos, Path logKeys, int kill) {
        List<String> settings = new ArrayList<>(List.of(
                "--set", "pipelines=pos,logkeys", "--set", "logkeys.model=" + logKeys, // the later --set wins
                "--set", "instance.id=node-1", "--set", "kafka.commit.interval.ms=" + (kill % 2 == 1 ? 5_000 : 100)));
        settings.addAll(moreSettings());
        return PosFixtures.runPos(kafka.bootstrapServers(), pos, "kills", dir.resolve("state"), settings.toArray(String[]::new));
    }
}

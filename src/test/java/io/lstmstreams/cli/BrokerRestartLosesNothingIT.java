package io.lstmstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.kafka.CommittedRecords;
import io.lstmstreams.kafka.EmbeddedKafkaBroker;
import io.lstmstreams.kafka.KafkaBrokerExtension;
import io.lstmstreams.kafka.Replayer;
import io.lstmstreams.kafka.Transactions;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.pos.PosTask;
import io.lstmstreams.task.UninterruptedRun;
import io.lstmstreams.wire.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker stopped and started again mid-stream, with {@code run} (its own JVM) processing and a replay feeding
 * it: both ride it out, and every output, read committed, is the uninterrupted run's, once each per (key, position).
 * Settings (system properties): {@code outage.seconds} (10), {@code outage.sentences} (300), {@code outage.rate}
 * (records/s, 100).
 */
class BrokerRestartLosesNothingIT {

    static final int OUTAGE_SECONDS = Integer.getInteger("outage.seconds", 10);
    static final int SENTENCES = Integer.getInteger("outage.sentences", 300);
    static final double RATE = Double.parseDouble(System.getProperty("outage.rate", "100"));
    static final List<String> OUTPUTS = List.of(Topics.TAGS.topicName(), Topics.LABELS.topicName());

    @TempDir
    Path dir;

    @Test
    void theAppAndReplayRideOutABrokerRestartWithNothingLostOrRepeated() throws Exception {
        try (EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker(0, dir.resolve("kafka")).start()) {
            KafkaBrokerExtension.createTopics(kafka);
            Path file = dir.resolve("pos.bundle");
            ModelBundle bundle = PosFixtures.tinyModel(file);
            List<KeyValue<String, byte[]>> tokens = PosTask.records(PosFixtures.sentences(0, SENTENCES));
            long begin = System.nanoTime();
            try (Replayer replayer = new Replayer(kafka.bootstrapServers());
                 RunProcess run = RunProcess.start(PosFixtures.runPos(kafka.bootstrapServers(), file, "outage",
                         dir.resolve("state"), "--set", "instance.id=node-1"), dir.resolve("run.log")).awaitStarted(1)) {
                CompletableFuture<Long> feeding = CompletableFuture.supplyAsync(() -> replayer.replay(Topics.TOKENS, tokens, RATE));
                CommittedRecords.read(kafka, Topics.TAGS, 100, value -> value); // the app is tagging
                kafka.close(); // a clean stop, as a rolling restart does it
                Thread.sleep(OUTAGE_SECONDS * 1000L);
                kafka.start();
                assertThat(feeding.get(5, TimeUnit.MINUTES)).as("replayed, none lost").isEqualTo(tokens.size());
                CommittedRecords.records(kafka, Topics.TAGS.topicName(), tokens.size()); // everything processed
                assertThat(run.startedLines()).hasSize(1);
                run.stop();
            }
            int compared = UninterruptedRun.assertCommittedOutputsMatch(kafka, new PosTask(), bundle, tokens.size(), OUTPUTS,
                    dir.resolve("reference"));
            System.out.printf(Locale.ROOT, "outage: %d s; inputs=%d outputs_compared=%d seconds=%.0f%n", OUTAGE_SECONDS,
                    tokens.size(), compared, (System.nanoTime() - begin) / 1e9);
            assertThat(Transactions.open(kafka)).isEmpty();
        }
    }
}

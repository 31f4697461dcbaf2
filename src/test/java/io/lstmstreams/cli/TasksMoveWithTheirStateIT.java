package io.lstmstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.kafka.CommittedRecords;
import io.lstmstreams.kafka.EmbeddedKafkaBroker;
import io.lstmstreams.kafka.KafkaBrokerExtension;
import io.lstmstreams.kafka.Replayer;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.pos.PosTask;
import io.lstmstreams.task.UninterruptedRun;
import io.lstmstreams.wire.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale out and in: two {@code run} instances, each in its own JVM, share the pos pipeline's partitions under load;
 * one is killed with SIGKILL and the other takes all its tasks on, their state with them (a standby copy, the
 * default {@code standby.replicas=1}); started again, it gets tasks back. Every output, read committed, is then the
 * uninterrupted run's, once each per (key, position). Settings (system properties): {@code scale.sentences} (400),
 * {@code scale.rate} (records/s, 80).
 */
@ExtendWith(KafkaBrokerExtension.class)
class TasksMoveWithTheirStateIT {

    static final int SENTENCES = Integer.getInteger("scale.sentences", 400);
    static final double RATE = Double.parseDouble(System.getProperty("scale.rate", "80"));
    static final List<String> OUTPUTS = List.of(Topics.TAGS.topicName(), Topics.LABELS.topicName());
    static final String GROUP = "scale-pos";
    static final int PARTITIONS = 6;

    @TempDir
    static Path dir;

    @Test
    void aKilledInstancesTasksGoOnElsewhereWithTheirStateAndComeBackWhenItReturns(EmbeddedKafkaBroker kafka) throws Exception {
        KafkaBrokerExtension.createTopics(kafka);
        Path file = dir.resolve("pos.bundle");
        ModelBundle bundle = PosFixtures.tinyModel(file);
        List<KeyValue<String, byte[]>> tokens = PosTask.records(PosFixtures.sentences(0, SENTENCES));
        long begin = System.nanoTime();
        try (Replayer replayer = new Replayer(kafka.bootstrapServers());
             RunProcess beta = RunProcess.start(args(kafka, file, "beta"), dir.resolve("beta.log")).awaitStarted(1)) {
            CompletableFuture<Long> feeding = CompletableFuture.supplyAsync(() -> replayer.replay(Topics.TOKENS, tokens, RATE));
            // one JVM starting at a time: two cold starts at once on busy cores can miss run's 5 s broker check
            try (RunProcess alpha = RunProcess.start(args(kafka, file, "alpha"), dir.resolve("alpha-1.log")).awaitStarted(1)) {
                Map<String, Integer> shared = awaitPartitions(kafka, owned -> owned.size() == 2, "both instances to own tasks");
                System.out.printf(Locale.ROOT, "scale: two instances own %s%n", shared);
                alpha.kill();
            }
            long killed = System.nanoTime();
            Map<String, Integer> takenOver = awaitPartitions(kafka, owned -> owned.equals(Map.of("beta", PARTITIONS)),
                    "beta to own every task");
            double failover = (System.nanoTime() - killed) / 1e9;
            boolean feedingAtFailover = !feeding.isDone();
            try (RunProcess alpha = RunProcess.start(args(kafka, file, "alpha"), dir.resolve("alpha-2.log")).awaitStarted(1)) {
                Map<String, Integer> spreadBack = awaitPartitions(kafka, owned -> owned.size() == 2,
                        "alpha to own tasks again");
                assertThat(feeding.get(5, TimeUnit.MINUTES)).isEqualTo(tokens.size());
                CommittedRecords.records(kafka, Topics.TAGS.topicName(), tokens.size()); // everything processed
                alpha.stop();
                beta.stop();
                System.out.printf(Locale.ROOT, "scale: after the kill %s (%.1f s, feeding %s), after the restart %s%n",
                        takenOver, failover, feedingAtFailover, spreadBack);
            }
        }
        int compared = UninterruptedRun.assertCommittedOutputsMatch(kafka, new PosTask(), bundle, tokens.size(), OUTPUTS,
                dir.resolve("reference"));
        System.out.printf(Locale.ROOT, "scale: inputs=%d outputs_compared=%d seconds=%.0f%n", tokens.size(), compared,
                (System.nanoTime() - begin) / 1e9);
    }

    private static List<String> args(EmbeddedKafkaBroker kafka, Path bundle, String name) {
        // A restarted instance's store is rebuilt from the changelog (exactly-once wipes it after a crash); at most
        // this test's whole changelog behind, it counts as caught up and gets active tasks at once.
        return PosFixtures.runPos(kafka.bootstrapServers(), bundle, "scale", dir.resolve("state-" + name),
                "--set", "instance.id=" + name, "--set", "kafka.acceptable.recovery.lag=100000");
    }

    /** Input partitions per instance (by instance.id, stream threads summed), once {@code done} holds; 90 s at most. */
    private static Map<String, Integer> awaitPartitions(EmbeddedKafkaBroker kafka, Predicate<Map<String, Integer>> done,
                                                        String what) throws InterruptedException {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        Map<String, Integer> owned = Map.of();
        try (Admin admin = Admin.create(properties)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline) {
                owned = owned(admin);
                if (done.test(owned)) {
                    return owned;
                }
                Thread.sleep(250);
            }
        }
        throw new AssertionError("waited 90 s for " + what + "; last seen " + owned);
    }

    private static Map<String, Integer> owned(Admin admin) throws InterruptedException {
        try {
            Map<String, Integer> owned = new TreeMap<>();
            for (MemberDescription member : admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP).members()) {
                long partitions = member.assignment().topicPartitions().stream()
                        .filter(partition -> partition.topic().equals(Topics.TOKENS.topicName())).count();
                String instance = member.groupInstanceId().orElse(member.consumerId()).replaceAll("-\\d+$", "");
                if (partitions > 0) {
                    owned.merge(instance, (int) partitions, Integer::sum);
                }
            }
            return owned;
        } catch (ExecutionException e) {
            throw new IllegalStateException("describing " + GROUP, e.getCause());
        }
    }
}

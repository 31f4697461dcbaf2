package io.lstmstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.kafka.CommittedRecords;
import io.lstmstreams.kafka.EmbeddedKafkaBroker;
import io.lstmstreams.kafka.KafkaBrokerExtension;
import io.lstmstreams.kafka.Replayer;
import io.lstmstreams.pos.PosTask;
import io.lstmstreams.wire.TagRecord;
import io.lstmstreams.wire.TokenEvent;
import io.lstmstreams.wire.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} in its own JVM, killed with SIGKILL and started again: the time from the kill to the first output
 * of a record sent after it (JVM start, group join, state restore from the changelog under exactly-once
 * included), under a given {@code instance.id} and under the name a run keeps in its state directory. Prints the figures.
 */
@ExtendWith(KafkaBrokerExtension.class)
class RestartIT {


    @TempDir
    static Path dir;
    static Path bundle;
    static int tokensBefore;

    @BeforeAll
    static void topicsModelAndState(EmbeddedKafkaBroker kafka) throws IOException {
        KafkaBrokerExtension.createTopics(kafka);
        bundle = dir.resolve("pos.bundle");
        PosFixtures.tinyModel(bundle);
        // Demo-sized state: the tokens of 300 sentences, their changelog restored after each kill.
        List<KeyValue<String, byte[]>> tokens = PosTask.records(PosFixtures.sentences(0, 300));
        tokensBefore = tokens.size();
        try (Replayer replayer = new Replayer(kafka.bootstrapServers())) {
            replayer.replay(Topics.TOKENS, tokens, 0);
        }
    }

    @Test
    void aKilledInstanceRestartedOnItsStateDirectoryTagsAgainWithinSeconds(EmbeddedKafkaBroker kafka) throws Exception {
        List<Duration> kept = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            kept.add(killAndRestart(kafka, "kept" + run, List.of()));
            // the restarted run took the name the first one made and kept in its state directory
            assertThat(Files.readString(dir.resolve("state-kept" + run).resolve("instance.id"))).startsWith("lstm-");
        }
        Duration named = killAndRestart(kafka, "named", List.of("--set", "instance.id=node-1"));

        System.out.printf(Locale.ROOT, "restart_to_first_output_ms instance_id_given=%d instance_id_kept_in_state_dir=%s%n",
                named.toMillis(), kept.stream().map(took -> Long.toString(took.toMillis())).collect(Collectors.joining(",")));
        assertThat(kept).allSatisfy(took -> assertThat(took).isLessThan(Duration.ofSeconds(30)));
    }

    /** Starts run, waits for its outputs, kills it, starts it again and times the first output after the kill. */
    private static Duration killAndRestart(EmbeddedKafkaBroker kafka, String name, List<String> more) throws Exception {
        List<String> args = PosFixtures.runPos(kafka.bootstrapServers(), bundle, "restart-" + name,
                dir.resolve("state-" + name), more.toArray(String[]::new));
        RunProcess second = null;
        try (RunProcess first = RunProcess.start(args, dir.resolve(name + "-1.log"));
             KafkaConsumer<String, byte[]> tags = endOfTags(kafka);
             Replayer probes = new Replayer(kafka.bootstrapServers())) {
            first.awaitStarted(1);
            // every token sent so far is tagged: the instance runs its tasks
            CommittedRecords.readUntil(kafka, Topics.TAGS, TagRecord::fromJson, read -> read.size() >= tokensBefore);

            long killed = System.nanoTime();
            first.kill();
            second = RunProcess.start(args, dir.resolve(name + "-2.log"));
            long deadline = killed + RunProcess.START_LIMIT.toNanos();
            for (int probe = 0; System.nanoTime() < deadline; probe++) {
                probes.replay(Topics.TOKENS, List.of(KeyValue.pair(name + "-probe-" + probe,
                        TokenEvent.of("dog", null, true).toJson())), 0);
                for (ConsumerRecord<String, byte[]> tag : tags.poll(Duration.ofMillis(200))) {
                    if (tag.key().startsWith(name + "-probe-")) {
                        Duration took = Duration.ofNanos(System.nanoTime() - killed);
                        second.awaitStarted(1); // its line may come just after the output
                        System.out.printf(Locale.ROOT, "%s: kill -9 to first new output %.1f s; %s%n", name,
                                took.toMillis() / 1000.0, second.startedLines());
                        return took;
                    }
                }
            }
            throw new AssertionError(name + ": no output within " + RunProcess.START_LIMIT + " of the kill");
        } finally {
            if (second != null) {
                second.stop(); // a clean stop, so no transaction is left open for the next run
            }
        }
    }

    /** A read-committed reader of lstm.tags placed at its end. */
    private static KafkaConsumer<String, byte[]> endOfTags(EmbeddedKafkaBroker kafka) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.TAGS.topicName()).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }
}

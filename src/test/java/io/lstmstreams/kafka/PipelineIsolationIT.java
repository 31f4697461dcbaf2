package io.lstmstreams.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.metrics.Health;
import io.lstmstreams.wire.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Two pipelines in one JVM on a real broker: a bug in one stops it alone, and the other goes on. */
@ExtendWith(KafkaBrokerExtension.class)
class PipelineIsolationIT {

    @TempDir
    Path stateDir;

    @Test
    void aPipelineThatHitsABugStopsAloneAndTheOtherGoesOn(EmbeddedKafkaBroker broker) throws InterruptedException {
        KafkaBrokerExtension.createTopics(broker);
        StreamsBuilder copying = new StreamsBuilder();
        copying.stream(Topics.TOKENS.topicName(), Topics.TOKENS.consumed()).to(Topics.LABELS.topicName(), Topics.LABELS.produced());
        StreamsBuilder buggy = new StreamsBuilder();
        buggy.stream(Topics.TOKENS.topicName(), Topics.TOKENS.consumed()).foreach((key, value) -> {
            if (key.equals("boom")) {
                throw new IllegalStateException("a bug"); // not bad input: the processing handler refuses to dead-letter it
            }
        });

        try (StreamsPipeline healthy = start(broker, "healthy", copying.build());
             StreamsPipeline failing = start(broker, "failing", buggy.build());
             Replayer replayer = new Replayer(broker.bootstrapServers())) {
            replayer.replay(Topics.TOKENS, List.of(record("before"), record("boom")), 0);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (failing.failure().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            replayer.replay(Topics.TOKENS, List.of(record("after")), 0);
            List<String> copied = CommittedRecords.read(broker, Topics.LABELS, 3,
                    value -> new String(value, StandardCharsets.UTF_8));

            assertThat(failing.state()).isEqualTo(KafkaStreams.State.ERROR);
            assertThat(failing.failure()).hasValueSatisfying(cause -> assertThat(cause).hasRootCauseMessage("a bug"));
            assertThat(healthy.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(healthy.failure()).isEmpty();
            assertThat(copied).containsExactly("before", "boom", "after");
            Health health = Health.of(List.of(healthy.health(), failing.health()));
            assertThat(health.live()).as("/health tells a supervisor to restart the process").isFalse();
            assertThat(health.ready()).isFalse();
            assertThat(health.reason()).isEqualTo("failing: failed: java.lang.IllegalStateException: a bug");
        }
    }

    private StreamsPipeline start(EmbeddedKafkaBroker broker, String name, Topology topology) {
        return StreamsPipeline.start(name, topology,
                StreamsProperties.base("isolation-" + name, broker.bootstrapServers(), stateDir.resolve(name)),
                Duration.ofSeconds(60));
    }

    private static KeyValue<String, byte[]> record(String text) {
        return KeyValue.pair(text, text.getBytes(StandardCharsets.UTF_8));
    }
}

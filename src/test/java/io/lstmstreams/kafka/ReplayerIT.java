package io.lstmstreams.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lstmstreams.wire.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code replay} against a broker that goes away: nothing lost or repeated when it comes back, counted when not. */
class ReplayerIT {

    @TempDir
    Path dir;

    @Test
    void aBrokerRestartInTheMiddleOfAReplayLosesAndRepeatsNothing() throws Exception {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(0, dir.resolve("kafka")).start();
        try {
            KafkaBrokerExtension.createTopics(broker);
            List<KeyValue<String, byte[]>> records = IntStream.range(0, 200)
                    .mapToObj(i -> KeyValue.pair("k" + i % 3, Integer.toString(i).getBytes(StandardCharsets.UTF_8))).toList();

            long lost = 0;
            try (Replayer replayer = new Replayer(broker.bootstrapServers())) {
                CompletableFuture<Long> sent = CompletableFuture.supplyAsync(() -> replayer.replay(Topics.TOKENS, records, 50));
                Thread.sleep(1_000);
                broker.close(); // a clean stop, then 12 s away: longer than the 10 s a send used to wait for metadata
                Thread.sleep(12_000);
                broker.start();
                try {
                    assertThat(sent.get(180, TimeUnit.SECONDS)).isEqualTo(200);
                } catch (ExecutionException e) {
                    // A batch in flight at the very moment of the stop can be stranded: the idempotent producer cannot
                    // learn its fate, so it waits out the delivery timeout. Then the replay must say how many it lost.
                    Matcher counted = Pattern.compile("(\\d+) of 200 records lost").matcher(e.getCause().getMessage());
                    assertThat(counted.find()).as(e.getCause().getMessage()).isTrue();
                    lost = Long.parseLong(counted.group(1));
                }
            }
            List<String> read = CommittedRecords.read(broker, Topics.TOKENS, (int) (200 - lost),
                    value -> new String(value, StandardCharsets.UTF_8));
            assertThat(lost).isLessThan(10); // one stranded batch at most, at 50 records/s and 5 ms linger
            assertThat(read).hasSize((int) (200 - lost)).doesNotHaveDuplicates();
            assertThat(read.stream().mapToInt(Integer::parseInt).boxed().toList())
                    .allSatisfy(value -> assertThat(value).isBetween(0, 199));
            if (lost == 0) {
                assertThat(read.stream().mapToInt(Integer::parseInt).sorted())
                        .containsExactlyElementsOf(IntStream.range(0, 200).boxed().toList());
            }
        } finally {
            broker.close();
        }
    }

    @Test
    void recordsThatCannotBeDeliveredAreCountedAndTheRestNotSent() {
        String nobody = KafkaBrokerExtension.unreachableAddress();
        List<KeyValue<String, byte[]>> records = IntStream.range(0, 10)
                .mapToObj(i -> KeyValue.pair("k", new byte[] {(byte) i})).toList();

        try (Replayer replayer = new Replayer(nobody, Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> replayer.replay(Topics.TOKENS, records, 0))
                    .hasMessageStartingWith("10 of 10 records lost in lstm.tokens: 0 sent, ")
                    .hasMessageContaining(" not sent after the first failure");
        }
    }
}

package io.lstmstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.data.Conllu;
import io.lstmstreams.data.Sentence;
import io.lstmstreams.kafka.CommittedRecords;
import io.lstmstreams.kafka.EmbeddedKafkaBroker;
import io.lstmstreams.kafka.KafkaBrokerExtension;
import io.lstmstreams.kafka.Replayer;
import io.lstmstreams.model.CellType;
import io.lstmstreams.pos.PosTask;
import io.lstmstreams.training.TrainingConfig;
import io.lstmstreams.wire.TagRecord;
import io.lstmstreams.wire.Topics;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code run} against a real broker, in the order an operator meets it: no topics yet, then topics and a model. */
@ExtendWith(KafkaBrokerExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunCommandIT {

    static final Path EWT_DEV = Path.of("src/main/resources/data/ewt/en_ewt-ud-dev.conllu.gz");

    @TempDir
    static Path dir;

    @Test
    @Order(1)
    void missingTopicsAreListedAndNothingStarts(EmbeddedKafkaBroker kafka) {
        CapturedCli cli = run(kafka, "--set", "pos.model=" + dir.resolve("unused.bundle"));

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(cli.err()).startsWith("run: topics differ from their definitions (run 'topics create'):")
                .contains("lstm.tokens: missing").doesNotContain("\tat ");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    @Order(2)
    void missingModelBundleIsNamedWithItsKey(EmbeddedKafkaBroker kafka) {
        KafkaBrokerExtension.createTopics(kafka);
        Path missing = dir.resolve("nope.bundle");

        CapturedCli cli = run(kafka, "--set", "pos.model=" + missing);

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(cli.err()).isEqualTo("run: pos.model=" + missing + " (--set): file not found" + System.lineSeparator());
    }

    @Test
    @Order(3)
    void tagsReplayedTokensAndStopsCleanlyAfterTheDuration(EmbeddedKafkaBroker kafka) throws IOException {
        KafkaBrokerExtension.createTopics(kafka);
        Path bundle = dir.resolve("pos.bundle");
        TrainingConfig quick = new TrainingConfig(TrainingConfig.Optimizer.ADAM, 1e-2, 5.0, 32, 1, 1, 0.1, 1);
        PosTask.train(Conllu.read(EWT_DEV).subList(200, 300),
                new PosTask.Options(0, CellType.LSTM, 16, 1, 0.0, 8, 4, 256, 1, 0, quick), null, 0, 7, report -> { }).write(bundle);
        List<Sentence> sentences = Conllu.read(EWT_DEV).subList(0, 5);
        List<KeyValue<String, byte[]>> tokens = PosTask.records(sentences);
        try (Replayer replayer = new Replayer(kafka.bootstrapServers())) {
            replayer.replay(Topics.TOKENS, tokens, 0);
        }

        long begin = System.nanoTime();
        CapturedCli cli = run(kafka, "--duration", "5", "--set", "pos.model=" + bundle, "--set", "state.dir=" + dir.resolve("state"));
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        List<TagRecord> tags = CommittedRecords.read(kafka, Topics.TAGS, tokens.size(), TagRecord::fromJson);

        assertThat(cli.err()).isEmpty();
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(cli.out()).startsWith("pos: running as lstm-streams-pos, model version 7, lstm.tokens -> lstm.tags")
                .endsWith("stopped" + System.lineSeparator());
        assertThat(took).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(60));
        assertThat(tags).hasSize(tokens.size()).allSatisfy(tag -> assertThat(tag.modelVersion()).isEqualTo(7));
        assertThat(tags.stream().map(TagRecord::sequence).distinct())
                .containsExactlyInAnyOrderElementsOf(sentences.stream().map(Sentence::id).toList());
    }

    @Test
    void unreachableBrokerIsNamedWithinSeconds() {
        String address = KafkaBrokerExtension.unreachableAddress();
        long begin = System.nanoTime();

        CapturedCli cli = CapturedCli.run("run", "--bootstrap-servers", address, "--set", "pipelines=pos", "--set", "pos.model=p");

        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(15));
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(cli.err()).isEqualTo("run: Kafka broker not reachable at " + address + " (no answer within 5 s)"
                + System.lineSeparator());
    }

    @Test
    void metricsPortInUseIsReported(EmbeddedKafkaBroker kafka) throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            CapturedCli cli = run(kafka, "--set", "pos.model=p", "--set", "metrics.port=" + taken.getLocalPort());

            assertThat(cli.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(cli.err()).startsWith("run: metrics.port=" + taken.getLocalPort() + " (--set): port in use");
        }
    }

    /** {@code run} of the pos pipeline on the test broker, with more arguments. */
    private static CapturedCli run(EmbeddedKafkaBroker kafka, String... more) {
        return CapturedCli.run(Stream.concat(Stream.of("run", "--bootstrap-servers", kafka.bootstrapServers(),
                "--set", "pipelines=pos"), Stream.of(more)).toArray(String[]::new));
    }

}

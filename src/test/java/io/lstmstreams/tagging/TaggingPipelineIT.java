package io.lstmstreams.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.kafka.StreamsPipeline;
import io.lstmstreams.data.Conllu;
import io.lstmstreams.data.LogSessions;
import io.lstmstreams.data.Sentence;
import io.lstmstreams.kafka.CommittedRecords;
import io.lstmstreams.kafka.EmbeddedKafkaBroker;
import io.lstmstreams.kafka.KafkaBrokerExtension;
import io.lstmstreams.kafka.Replayer;
import io.lstmstreams.kafka.StreamsProperties;
import io.lstmstreams.kafka.Topics;
import io.lstmstreams.training.TrainingConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Real sentences and sessions through a real broker and the pipelines: the stream's outputs equal offline eval. */
@ExtendWith(KafkaBrokerExtension.class)
class TaggingPipelineIT {

    static final Path EWT_DEV = Path.of("src/main/resources/data/ewt/en_ewt-ud-dev.conllu.gz");
    static final Path HDFS = Path.of("src/main/resources/data/hdfs/hdfs_train");
    static final TrainingConfig QUICK = new TrainingConfig(TrainingConfig.Optimizer.ADAM, 1e-2, 5.0, 32, 2, 2, 0.1, 1);

    @TempDir
    static Path stateDir;

    @BeforeAll
    static void createTopics(EmbeddedKafkaBroker broker) {
        KafkaBrokerExtension.createTopics(broker);
    }

    @Test
    void streamedTagsOfRealSentencesEqualOfflineEvaluation(EmbeddedKafkaBroker broker) {
        List<Sentence> sentences = Conllu.read(EWT_DEV).subList(0, 60);
        PosTraining.Options options = new PosTraining.Options(2, 32, 1, 0.0, 16, 8, 512, 1, 0, QUICK);
        PosModel model = PosModel.from(PosTraining.train(Conllu.read(EWT_DEV).subList(200, 600), options, 5, report -> { }));
        List<TagRecord> offline = PosEvaluation.evaluate(model, sentences).tags();

        try (StreamsPipeline pipeline = start(broker, TaggingTask.POS, model)) {
            replay(broker, TaggingTask.POS, sentences.stream().flatMap(s -> PosEvaluation.events(s).stream()
                    .map(event -> KeyValue.pair(s.id(), event.toJson()))).toList());
            List<TagRecord> streamed = CommittedRecords.read(broker, Topics.TAGS, offline.size(), TagRecord::fromJson);

            Comparator<TagRecord> order = Comparator.comparing(TagRecord::sequence).thenComparing(TagRecord::position);
            assertThat(streamed).hasSize(offline.size());
            assertThat(streamed.stream().sorted(order).toList()).isEqualTo(offline.stream().sorted(order).toList());
            assertThat(streamed).allSatisfy(tag -> assertThat(tag.modelVersion()).isEqualTo(5));
        }
    }

    @Test
    void streamedVerdictsOfRealSessionsEqualOfflineEvaluationAndBadRecordsAreDeadLettered(EmbeddedKafkaBroker broker) {
        List<int[]> sessions = LogSessions.read(HDFS);
        LogKeyTraining.Options options = new LogKeyTraining.Options(16, 1, 8, QUICK);
        LogKeyModel model = LogKeyModel.from(LogKeyTraining.train(sessions.subList(100, 900), options, 2, report -> { }), 3);
        List<KeyValue<String, byte[]>> records = new ArrayList<>();
        List<AnomalyVerdict> offline = new ArrayList<>();
        LogKeyDetector detector = model.newDetector();
        for (int i = 0; i < 60; i++) {
            String id = TaggingTask.sessionId(HDFS, i);
            List<TokenEvent> events = LogKeyEvaluation.events(sessions.get(i));
            events.forEach(event -> records.add(KeyValue.pair(id, event.toJson())));
            OfflineRun.run(detector, id, events).forEach(verdict -> offline.add(AnomalyVerdict.fromJson(verdict)));
        }
        records.add(records.size() / 2, KeyValue.pair("bad-session", "{\"token\":\"five\"}".getBytes(StandardCharsets.UTF_8)));

        try (StreamsPipeline pipeline = start(broker, TaggingTask.LOGKEYS, model)) {
            replay(broker, TaggingTask.LOGKEYS, records);
            List<AnomalyVerdict> streamed = CommittedRecords.read(broker, Topics.ANOMALIES, offline.size(), AnomalyVerdict::fromJson);
            List<String> deadLetters = CommittedRecords.read(broker, Topics.DEAD_LETTERS, 1, value -> new String(value, StandardCharsets.UTF_8));

            Comparator<AnomalyVerdict> order = Comparator.comparing(AnomalyVerdict::session).thenComparing(AnomalyVerdict::position);
            assertThat(streamed.stream().sorted(order).toList()).isEqualTo(offline.stream().sorted(order).toList());
            assertThat(offline).anyMatch(AnomalyVerdict::anomalous).anyMatch(verdict -> !verdict.anomalous());
            assertThat(deadLetters).containsExactly("{\"token\":\"five\"}");
        }
    }

    private static StreamsPipeline start(EmbeddedKafkaBroker broker, TaggingTask task,
                                         TaggerFactory model) {
        Path dir = stateDir.resolve(task.taskName());
        Properties properties = StreamsProperties.base("it-" + task.taskName(), broker.bootstrapServers(), dir);
        return TaggingPipeline.start(task, () -> model, TaggingSettings.defaults(task.taskName()), properties, Duration.ofSeconds(60));
    }

    private static void replay(EmbeddedKafkaBroker broker, TaggingTask task, List<KeyValue<String, byte[]>> records) {
        try (Replayer replayer = new Replayer(broker.bootstrapServers())) {
            replayer.replay(task.input(), records, 0);
        }
    }
}

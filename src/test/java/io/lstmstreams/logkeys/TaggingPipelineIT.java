package io.lstmstreams.logkeys;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.config.Settings;
import io.lstmstreams.data.Conllu;
import io.lstmstreams.data.LogSessions;
import io.lstmstreams.data.Sentence;
import io.lstmstreams.kafka.CommittedRecords;
import io.lstmstreams.kafka.EmbeddedKafkaBroker;
import io.lstmstreams.kafka.KafkaBrokerExtension;
import io.lstmstreams.kafka.Replayer;
import io.lstmstreams.kafka.StreamsPipeline;
import io.lstmstreams.kafka.StreamsProperties;
import io.lstmstreams.model.CellType;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.pos.PosTask;
import io.lstmstreams.registry.LiveModel;
import io.lstmstreams.tagging.OfflineRun;
import io.lstmstreams.task.Task;
import io.lstmstreams.task.TaskRuns;
import io.lstmstreams.training.TrainingConfig;
import io.lstmstreams.wire.AnomalyVerdict;
import io.lstmstreams.wire.TagRecord;
import io.lstmstreams.wire.TokenEvent;
import io.lstmstreams.wire.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
        PosTask.Options options = new PosTask.Options(2, CellType.LSTM, 32, 1, 0.0, 16, 8, 512, 1, 0, QUICK);
        ModelBundle bundle = PosTask.train(Conllu.read(EWT_DEV).subList(200, 600), options, null, 0, 5, report -> { });
        List<TagRecord> offline = PosTask.evaluate(bundle, sentences).tags();
        PosTask pos = new PosTask();

        try (StreamsPipeline pipeline = start(broker, pos, pos.model(bundle, Settings.defaults()))) {
            replay(broker, pos, PosTask.records(sentences));
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
        LogKeysTask.Options options = new LogKeysTask.Options(CellType.LSTM, 16, 1, 0.0, 8, QUICK);
        // judged at rank 3 rather than by the bundle's calibrated point, so that this small model flags some events
        LogKeyModel model = LogKeyModel.from(LogKeyTraining.train(sessions.subList(100, 900), options, 2, report -> { }), 3)
                .with(OperatingPoint.rank(3, 0));
        List<KeyValue<String, byte[]>> records = new ArrayList<>();
        List<AnomalyVerdict> offline = new ArrayList<>();
        LogKeyDetector detector = model.newDetector();
        for (int i = 0; i < 60; i++) {
            String id = LogKeysTask.sessionId(HDFS, i);
            List<TokenEvent> events = LogKeyEvaluation.events(sessions.get(i));
            events.forEach(event -> records.add(KeyValue.pair(id, event.toJson())));
            offline.addAll(OfflineRun.run(detector, id, events));
        }
        records.add(records.size() / 2, KeyValue.pair("bad-session", "{\"token\":\"five\"}".getBytes(StandardCharsets.UTF_8)));

        LogKeysTask logKeys = new LogKeysTask();
        try (StreamsPipeline pipeline = start(broker, logKeys, model)) {
            replay(broker, logKeys, records);
            List<AnomalyVerdict> streamed = CommittedRecords.read(broker, Topics.ANOMALIES, offline.size(), AnomalyVerdict::fromJson);
            List<String> deadLetters = CommittedRecords.read(broker, Topics.DEAD_LETTERS, 1, value -> new String(value, StandardCharsets.UTF_8));

            Comparator<AnomalyVerdict> order = Comparator.comparing(AnomalyVerdict::session).thenComparing(AnomalyVerdict::position);
            assertThat(streamed.stream().sorted(order).toList()).isEqualTo(offline.stream().sorted(order).toList());
            assertThat(offline).anyMatch(AnomalyVerdict::anomalous).anyMatch(verdict -> !verdict.anomalous());
            assertThat(deadLetters).containsExactly("{\"token\":\"five\"}");
        }
    }

    private static <M extends LiveModel.Swappable<M>> StreamsPipeline start(EmbeddedKafkaBroker broker, Task<M, ?> task,
                                                                          M model) {
        Path dir = stateDir.resolve(task.name());
        return TaskRuns.start(task, () -> model, StreamsProperties.base("it-" + task.name(), broker.bootstrapServers(), dir));
    }

    private static void replay(EmbeddedKafkaBroker broker, Task<?, ?> task, List<KeyValue<String, byte[]>> records) {
        try (Replayer replayer = new Replayer(broker.bootstrapServers())) {
            replayer.replay(task.input(), records, 0);
        }
    }
}

package io.lstmstreams.pos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lstmstreams.config.Settings;
import io.lstmstreams.data.Sentence;
import io.lstmstreams.kafka.CommittedRecords;
import io.lstmstreams.kafka.EmbeddedKafkaBroker;
import io.lstmstreams.kafka.KafkaBrokerExtension;
import io.lstmstreams.kafka.Replayer;
import io.lstmstreams.kafka.StreamsPipeline;
import io.lstmstreams.kafka.StreamsProperties;
import io.lstmstreams.model.CellType;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.registry.LiveModel;
import io.lstmstreams.registry.LiveModels;
import io.lstmstreams.registry.ModelRegistry;
import io.lstmstreams.registry.ModelWatcher;
import io.lstmstreams.tagging.TaggerFactory;
import io.lstmstreams.task.TaskRuns;
import io.lstmstreams.wire.TagRecord;
import io.lstmstreams.wire.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hot swap through the registry from an LSTM tagger to a GRU one, in the middle of open sentences, on a real broker:
 * the states the LSTM left (h and c per layer) are rebuilt under the GRU (h only) from each sentence's remembered words.
 */
@ExtendWith(KafkaBrokerExtension.class)
class CellSwapIT {

    private static final PosTask POS = new PosTask();

    @TempDir
    static Path stateDir;

    @Test
    void aSwapFromAnLstmToAGruBundleMidSentenceTagsEveryWordAsEachModelWouldAlone(EmbeddedKafkaBroker broker)
            throws Exception {
        KafkaBrokerExtension.createTopics(broker);
        List<Sentence> training = RetrainingIT.EWT_DEV.subList(1800, 1950);
        ModelBundle lstm = PosTraining.train(training, RetrainingIT.TINY, 1, report -> { });
        PosTask.Options gruOptions = new PosTask.Options(RetrainingIT.TINY.lookahead(), CellType.GRU, 24, 2, 0.0,
                16, 8, 512, 1, 0, RetrainingIT.TINY.training());
        ModelBundle gru = PosTraining.train(training, gruOptions, 2, report -> { });
        // Halves of at most 16 words: the pipeline remembers 32 per sentence, all a rebuild needs.
        List<Sentence> sentences = RetrainingIT.EWT_DEV.subList(0, 400).stream()
                .filter(sentence -> sentence.length() >= 4 && sentence.length() <= 32).limit(60).toList();
        int lookahead = RetrainingIT.TINY.lookahead();
        int firstHalfTags = sentences.stream().mapToInt(sentence -> sentence.length() / 2 - lookahead).sum();
        int allTags = sentences.stream().mapToInt(Sentence::length).sum();

        try (ModelRegistry registry = new ModelRegistry(RetrainingIT.client(broker))) {
            registry.promote(lstm, "lstm start");
        }
        LiveModel<TaggerFactory<TagRecord>> live = POS.live(lstm, Settings.defaults());
        try (ModelWatcher watcher = ModelWatcher.start(RetrainingIT.client(broker), List.of(live), new SimpleMeterRegistry());
             ModelRegistry registry = new ModelRegistry(RetrainingIT.client(broker));
             StreamsPipeline pipeline = TaskRuns.start(POS, live::current,
                     StreamsProperties.base("it-cell-swap", broker.bootstrapServers(), stateDir))) {
            assertThat(watcher.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();

            replay(broker, sentences, true);
            assertThat(CommittedRecords.read(broker, Topics.TAGS, firstHalfTags, TagRecord::fromJson)).hasSize(firstHalfTags);
            registry.promote(gru, "gru");
            LiveModels.awaitRunning(live, 2);
            replay(broker, sentences, false);
            List<TagRecord> tags = CommittedRecords.read(broker, Topics.TAGS, allTags, TagRecord::fromJson);

            assertThat(tags).hasSize(allTags);
            assertThat(tags.stream().filter(tag -> tag.modelVersion() == 2)).hasSize(allTags - firstHalfTags);
            Map<Long, Map<String, TagRecord>> offline = Map.of(
                    1L, byPosition(PosTask.evaluate(lstm, sentences).tags()),
                    2L, byPosition(PosTask.evaluate(gru, sentences).tags()));
            for (TagRecord tag : tags) {
                TagRecord alone = offline.get(tag.modelVersion()).get(tag.sequence() + "/" + tag.position());
                assertThat(tag.tag()).as("%s", tag).isEqualTo(alone.tag());
                assertThat(tag.probability()).as("%s", tag).isCloseTo(alone.probability(), within(1e-6));
            }
            assertThat(pipeline.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    private static Map<String, TagRecord> byPosition(List<TagRecord> tags) {
        return tags.stream().collect(Collectors.toMap(tag -> tag.sequence() + "/" + tag.position(), Function.identity()));
    }

    /** The first half of every sentence's words, or the rest (which ends it). */
    private static void replay(EmbeddedKafkaBroker broker, List<Sentence> sentences, boolean firstHalf) {
        try (Replayer replayer = new Replayer(broker.bootstrapServers())) {
            replayer.replay(Topics.TOKENS, sentences.stream().flatMap(sentence -> {
                int half = sentence.length() / 2;
                return PosEvaluation.events(sentence).subList(firstHalf ? 0 : half, firstHalf ? half : sentence.length())
                        .stream().map(event -> KeyValue.pair(sentence.id(), event.toJson()));
            }).toList(), 0);
        }
    }
}

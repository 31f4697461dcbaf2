package io.lstmstreams.pos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lstmstreams.data.Conllu;
import io.lstmstreams.data.Sentence;
import io.lstmstreams.data.WordVectors;
import io.lstmstreams.model.BundleMetadata;
import io.lstmstreams.model.CellType;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.model.ModelSpec;
import io.lstmstreams.training.TrainingConfig;
import io.lstmstreams.wire.TagRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Taggers trained apart, merged into one that streams: pretrained vectors kept once, the members' tags combined. */
class PosEnsembleTest {

    private static final List<Sentence> SAMPLE =
            Conllu.read(Path.of("src/main/resources/data/ewt/en_ewt-ud-dev.conllu.gz")).subList(0, 40);
    private static final TrainingConfig QUICK = new TrainingConfig(TrainingConfig.Optimizer.ADAM, 1e-2, 5.0, 4, 3, 3, 0.2, 3);
    private static final int VECTOR_SIZE = 4;

    @TempDir
    static Path dir;
    private static WordVectors vectors;
    private static ModelBundle seed3;
    private static ModelBundle seed4;

    @BeforeAll
    static void train() throws IOException {
        StringBuilder file = new StringBuilder();
        SAMPLE.stream().flatMap(s -> s.words().stream()).map(w -> w.toLowerCase(Locale.ROOT)).distinct()
                .forEach(word -> file.append(word).append(' ').append(word.length() % 3).append(" 0.5 ")
                        .append(-word.hashCode() % 5 / 5.0).append(" 1\n"));
        Path glove = dir.resolve("glove.txt");
        Files.writeString(glove, file);
        vectors = WordVectors.read(glove);
        seed3 = PosTraining.train(SAMPLE, options(0, QUICK), vectors, 10, 3, report -> { });
        seed4 = PosTraining.train(SAMPLE, options(0, QUICK.withSeed(4)), vectors, 10, 4, report -> { });
    }

    private static PosTask.Options options(int lookahead, TrainingConfig training) {
        return new PosTask.Options(lookahead, CellType.LSTM, 16, 2, 0.0, 8, 4, 64, 1, 0, training);
    }

    @Test
    void aTaggerMergedWithItselfTagsAsItDoes() throws Exception {
        ModelBundle twice = ModelBundle.fromBytes(PosTask.merge(List.of(seed3, seed3), 7).toBytes());

        List<TagRecord> alone = PosTask.evaluate(seed3, SAMPLE).tags();
        List<TagRecord> merged = PosTask.evaluate(twice, SAMPLE).tags();

        assertThat(twice.metadata().modelVersion()).isEqualTo(7);
        assertThat(merged).hasSameSizeAs(alone);
        for (int i = 0; i < alone.size(); i++) {
            assertThat(merged.get(i).tag()).as("token %d", i).isEqualTo(alone.get(i).tag());
            assertThat(merged.get(i).probability()).as("token %d", i).isCloseTo(alone.get(i).probability(),
                    org.assertj.core.api.Assertions.within(1e-5));
        }
    }

    @Test
    void membersOfOtherSeedsStreamAsOneWiderModelWithTheVectorsOnce() {
        ModelBundle merged = PosTask.merge(List.of(seed3, seed4), 4);
        ModelSpec member = seed3.metadata().spec();
        ModelSpec spec = merged.metadata().spec();

        assertThat(spec.hiddenSize()).isEqualTo(2 * member.hiddenSize());
        for (int slot = 0; slot < spec.input().slots().size(); slot++) {
            ModelSpec.TokenSlot own = member.input().slots().get(slot);
            assertThat(spec.input().slots().get(slot).embeddingSize()).as(own.name())
                    .isEqualTo(own.frozen() ? VECTOR_SIZE : 2 * own.embeddingSize());
        }
        assertThat(PosTask.evaluate(merged, SAMPLE).tags()).hasSize(SAMPLE.stream().mapToInt(Sentence::length).sum());
    }

    @Test
    void taggersThatDifferInMoreThanTheirWeightsAreRefused() {
        ModelBundle lookahead1 = PosTraining.train(SAMPLE, options(1, QUICK), vectors, 10, 5, report -> { });
        BundleMetadata pos = seed4.metadata();
        ModelBundle notPos = seed4.withMetadata(new BundleMetadata("logkeys", pos.modelVersion(), null, pos.spec(),
                pos.vocabularies(), pos.tags(), null, pos.trainingMetrics(), pos.createdAt(), pos.properties()));

        assertThatThrownBy(() -> PosTask.merge(List.of(seed3, lookahead1), 6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("look-ahead");
        assertThatThrownBy(() -> PosTask.merge(List.of(seed3, notPos), 6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PosTask.merge(List.of(seed3), 6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least two");
    }
}

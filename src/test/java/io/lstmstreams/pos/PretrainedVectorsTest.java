package io.lstmstreams.pos;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.data.Conllu;
import io.lstmstreams.data.Sentence;
import io.lstmstreams.data.WordVectors;
import io.lstmstreams.model.CellType;
import io.lstmstreams.model.Dl4jWeights;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.model.ModelSpec;
import io.lstmstreams.model.RecurrentModel;
import io.lstmstreams.training.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PretrainedVectorsTest {

    private static final List<Sentence> SAMPLE =
            Conllu.read(Path.of("src/main/resources/data/ewt/en_ewt-ud-dev.conllu.gz")).subList(0, 40);
    private static final TrainingConfig QUICK = new TrainingConfig(TrainingConfig.Optimizer.ADAM, 1e-2, 5.0, 4, 3, 3, 0.2, 3);

    @TempDir
    static Path dir;
    private static WordVectors vectors;
    private static ModelBundle bundle;

    /** Vectors for "zebra" and "quokka" (not in the sample) and for every sample word, lower-cased. */
    @BeforeAll
    static void train() throws IOException {
        StringBuilder file = new StringBuilder("zebra 0.5 -0.25 1 2\nquokka -1 1 -1 1\n");
        SAMPLE.stream().flatMap(s -> s.words().stream()).map(w -> w.toLowerCase(Locale.ROOT)).distinct()
                .forEach(word -> file.append(word).append(' ').append(vectorOf(word)).append('\n'));
        Path glove = dir.resolve("glove.txt");
        Files.writeString(glove, file);
        vectors = WordVectors.read(glove);
        PosTask.Options options = new PosTask.Options(0, CellType.LSTM, 16, 1, 0.0, 8, 4, 64, 1, 0, QUICK);
        bundle = PosTraining.train(SAMPLE, options, vectors, 1, 3, report -> { });
    }

    private static String vectorOf(String word) {
        int h = word.hashCode();
        return (h % 7) / 7.0 + " " + (h % 5) / 5.0 + " " + (h % 3) / 3.0 + " " + (h % 11) / 11.0;
    }

    @Test
    void theVectorsSlotKeepsThePretrainedValuesThroughTraining() {
        ModelSpec spec = bundle.metadata().spec();
        int slot = slotIndex(spec, "vectors");
        ModelSpec.TokenSlot vectorsSlot = spec.input().slots().get(slot);
        PosModel model = PosModel.from(bundle);
        RecurrentModel.Embedding embedding = Dl4jWeights.extract(bundle.network(), spec).embeddings().get(slot);

        assertThat(vectorsSlot.frozen()).isTrue();
        assertThat(spec.input().slots().stream().filter(ModelSpec.TokenSlot::frozen)).hasSize(1);
        for (String word : List.of("zebra", "the", "of")) {
            int id = idOf(model, slot, word);
            float[] row = Arrays.copyOfRange(embedding.table(), id * 4, id * 4 + 4);
            assertThat(row).as(word).containsExactly(vectors.vector(word).orElseThrow());
        }
        assertThat(Arrays.copyOfRange(embedding.table(), 0, 8)).as("pad and unknown rows").containsOnly(0f);
    }

    @Test
    void aWordTrainingNeverSawGetsItsVectorAndOneTheVectorsLackIsUnknown() {
        PosModel model = PosModel.from(bundle);
        int slot = slotIndex(bundle.metadata().spec(), "vectors");

        // the file's first word is kept though training never saw it; "quokka" is second, beyond the 1 asked for
        assertThat(idOf(model, slot, "Zebra")).isEqualTo(idOf(model, slot, "zebra")).isGreaterThan(WordFeatures.UNKNOWN);
        assertThat(idOf(model, slot, "quokka")).isEqualTo(WordFeatures.UNKNOWN);
        assertThat(idOf(model, slot, "xylophone")).isEqualTo(WordFeatures.UNKNOWN);
    }

    @Test
    void theBundleCarriesTheVectorsVocabulary() throws Exception {
        ModelBundle reread = ModelBundle.fromBytes(bundle.toBytes(), Long.MAX_VALUE);
        PosModel model = PosModel.from(reread);
        int slot = slotIndex(reread.metadata().spec(), "vectors");

        assertThat(model.features().vectorWords()).startsWith("<pad>", "<unknown>", "zebra").doesNotContain("quokka");
        assertThat(idOf(model, slot, "zebra")).isEqualTo(idOf(PosModel.from(bundle), slot, "zebra"));
    }

    private static int idOf(PosModel model, int slot, String word) {
        int[] ids = new int[model.features().slots().size()];
        model.features().encode(word, ids);
        return ids[slot];
    }

    private static int slotIndex(ModelSpec spec, String name) {
        List<ModelSpec.TokenSlot> slots = spec.input().slots();
        for (int i = 0; i < slots.size(); i++) {
            if (slots.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no slot " + name + " in " + slots);
    }
}

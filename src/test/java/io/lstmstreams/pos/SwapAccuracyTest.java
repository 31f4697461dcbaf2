package io.lstmstreams.pos;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.data.Conllu;
import io.lstmstreams.data.Sentence;
import io.lstmstreams.model.CellType;
import io.lstmstreams.tagging.SequenceState;
import io.lstmstreams.training.TrainingConfig;
import io.lstmstreams.wire.TagRecord;
import io.lstmstreams.wire.TokenEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The measurement behind state rebuilding: sentences are cut in two by a model swap, and the tags emitted after the
 * swap are scored with the state rebuilt from the remembered inputs, with a zero state, and against the new model
 * having run the whole sentence (what a swap should ideally look like).
 */
class SwapAccuracyTest {

    private static final int HISTORY = 32;

    private enum AtSwap { REBUILD, ZERO_STATE, NEW_MODEL_FROM_THE_START }

    @Test
    void rebuildingTheStateAfterASwapKeepsTheNewModelsAccuracyWhereAZeroStateLosesSome() {
        List<Sentence> ewt = Conllu.read(Path.of("src/main/resources/data/ewt/en_ewt-ud-dev.conllu.gz"));
        TrainingConfig quick = new TrainingConfig(TrainingConfig.Optimizer.ADAM, 1e-2, 5.0, 32, 2, 1, 0.1, 1);
        PosTask.Options options = new PosTask.Options(1, CellType.LSTM, 32, 1, 0.0, 16, 8, 512, 1, 0, quick);
        PosModel before = PosModel.from(PosTraining.train(ewt.subList(1900, 1950), options, 1, report -> { }));
        PosModel after = PosModel.from(PosTraining.train(ewt.subList(0, 500), options, 2, report -> { }));
        List<Sentence> test = ewt.subList(1000, 1400).stream().filter(s -> s.length() >= 6).toList();

        double rebuilt = accuracyAfterSwap(before, after, test, AtSwap.REBUILD);
        double zero = accuracyAfterSwap(before, after, test, AtSwap.ZERO_STATE);
        double ideal = accuracyAfterSwap(before, after, test, AtSwap.NEW_MODEL_FROM_THE_START);
        System.out.printf(Locale.ROOT, "accuracy of the tags after a mid-sentence swap (%d sentences): rebuilt %.4f,"
                + " zero state %.4f, new model from the start %.4f%n", test.size(), rebuilt, zero, ideal);

        assertThat(rebuilt).isCloseTo(ideal, org.assertj.core.data.Offset.offset(0.002));
        assertThat(rebuilt).isGreaterThan(zero);
    }

    /** Accuracy of the tags released after the swap, which happens halfway through each sentence. */
    private static double accuracyAfterSwap(PosModel before, PosModel after, List<Sentence> sentences, AtSwap policy) {
        PosTagger oldTagger = policy == AtSwap.NEW_MODEL_FROM_THE_START ? after.newTagger() : before.newTagger();
        PosTagger newTagger = after.newTagger();
        long correct = 0;
        long scored = 0;
        for (Sentence sentence : sentences) {
            List<TokenEvent> events = PosEvaluation.events(sentence);
            int swapAt = events.size() / 2;
            SequenceState state = oldTagger.newState();
            for (TokenEvent event : events.subList(0, swapAt)) {
                oldTagger.process(sentence.id(), state, event, HISTORY);
            }
            if (policy == AtSwap.ZERO_STATE) {
                state.history.clear();
            }
            for (TokenEvent event : events.subList(swapAt, events.size())) {
                for (TagRecord tag : newTagger.process(sentence.id(), state, event, HISTORY)) {
                    scored++;
                    correct += tag.tag().equals(tag.gold()) ? 1 : 0;
                }
            }
        }
        return (double) correct / scored;
    }
}

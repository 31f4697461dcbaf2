package io.lstmstreams.pos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lstmstreams.config.Settings;
import io.lstmstreams.data.Sentence;
import io.lstmstreams.model.CellType;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.training.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A bidirectional tagger reads the words after a word: here the tag of "x" is decided only by the next word, which a
 * causal tagger cannot see (its output for "x" is the same in both sentences, so it is right on half of them at best).
 */
class BidirectionalTaggerTest {

    private static final TrainingConfig TRAINING = new TrainingConfig(TrainingConfig.Optimizer.ADAM, 1e-2, 5.0, 8, 40, 40, 0.1, 3);
    private static final ModelBundle BIDIRECTIONAL = train(true);

    private static List<Sentence> rightContextDecides() {
        List<Sentence> sentences = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sentences.add(new Sentence("n" + i, List.of("x", "a"), List.of("NOUN", "DET")));
            sentences.add(new Sentence("v" + i, List.of("x", "b"), List.of("VERB", "DET")));
        }
        return sentences;
    }

    private static ModelBundle train(boolean bidirectional) {
        PosTask.Options options = new PosTask.Options(0, CellType.LSTM, 8, 1, 0.0, 4, 2, 16, 1, 0, TRAINING, bidirectional);
        return PosTask.train(rightContextDecides(), options, null, 0, 1, report -> { });
    }

    @Test
    void aBidirectionalTaggerUsesTheWordsAfterAWord() {
        List<Sentence> sentences = rightContextDecides();

        PosTask.Evaluation bidirectional = PosTask.evaluate(BIDIRECTIONAL, sentences);
        PosTask.Evaluation causal = PosTask.evaluate(train(false), sentences);

        assertThat(bidirectional.tags()).hasSize(80);
        assertThat(bidirectional.accuracy()).isEqualTo(1.0);
        assertThat(causal.accuracy()).isLessThanOrEqualTo(0.75);
    }

    @Test
    void aStreamRefusesABidirectionalTaggerAndSaysWhy() {
        assertThatThrownBy(() -> new PosTask().model(BIDIRECTIONAL, Settings.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bidirectional").hasMessageContaining("a stream needs a causal model");
    }

    @Test
    void aBidirectionalTaggerTakesNoLookahead() {
        assertThatThrownBy(() -> new PosTask.Options(2, CellType.LSTM, 8, 1, 0.0, 4, 2, 16, 1, 0, TRAINING, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no look-ahead");
    }
}

package io.lstmstreams.pos;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.data.Sentence;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordFeaturesTest {

    private static final List<Sentence> TRAINING = List.of(
            new Sentence("a", List.of("The", "cat", "sat"), List.of("DET", "NOUN", "VERB")),
            new Sentence("b", List.of("the", "dog", "sat", "2004"), List.of("DET", "NOUN", "VERB", "NUM")),
            new Sentence("c", List.of("jurists", "and", "trainees"), List.of("NOUN", "CCONJ", "NOUN")));

    private final WordFeatures features = WordFeatures.learn(TRAINING, 2, 4096, 8, 4);

    private int[] encode(String word) {
        int[] ids = new int[features.slots().size()];
        features.encode(word, ids);
        return ids;
    }

    @Test
    void frequentWordsHaveTheirOwnIdAndRareOnesAreUnknown() {
        assertThat(encode("the")[0]).isEqualTo(encode("The")[0]).isGreaterThan(WordFeatures.UNKNOWN);
        assertThat(encode("The")[1]).isEqualTo(WordFeatures.UNKNOWN); // "The" once, "the" once: case tells them apart
        assertThat(encode("cat")[0]).isEqualTo(WordFeatures.UNKNOWN);
        assertThat(encode("zebra")[0]).isEqualTo(WordFeatures.UNKNOWN);
    }

    @Test
    void unknownWordsStillCarryTheirAffixes() {
        int[] walked = encode("walked");
        int[] talked = encode("talked");
        int[] walks = encode("walks");

        // suffix slots come last, 1 to 5 characters: "walked" and "talked" share -lked, "walks" does not
        assertThat(walked[walked.length - 2]).isEqualTo(talked[talked.length - 2]);
        assertThat(walked[walked.length - 2]).isNotEqualTo(walks[walks.length - 2]);
        assertThat(walked).doesNotContain(WordFeatures.PAD);
    }

    @Test
    void unknownWordsShareTheirDictionaryEntry() {
        int lexicon = WordFeatures.VocabularySlot.LEXICON.ordinal();

        // "plaintiffs" never occurs in training but the dictionary lists it as a plural noun, like "jurists"
        assertThat(encode("plaintiffs")[lexicon]).isEqualTo(encode("jurists")[lexicon]).isGreaterThan(WordFeatures.UNKNOWN);
        assertThat(encode("plaintiffs")[lexicon]).isNotEqualTo(encode("walked")[lexicon]);
    }

    @Test
    void shapeCollapsesRunsOfTheSameCharacterClass() {
        assertThat(WordFeatures.shape("Hello")).isEqualTo("Xx");
        assertThat(WordFeatures.shape("U.S.")).isEqualTo("X.X.");
        assertThat(WordFeatures.shape("2004")).isEqualTo("d");
        assertThat(WordFeatures.shape("e-mail")).isEqualTo("x-x");
    }

    @Test
    void rebuiltFromItsVocabulariesItEncodesIdentically() {
        WordFeatures rebuilt = WordFeatures.fromVocabularies(features.vocabularies(), features.slots());
        int[] ids = new int[rebuilt.slots().size()];

        for (String word : List.of("The", "sat", "walked", "2004", "Zürich")) {
            rebuilt.encode(word, ids);
            assertThat(ids).as(word).containsExactly(encode(word));
        }
    }
}

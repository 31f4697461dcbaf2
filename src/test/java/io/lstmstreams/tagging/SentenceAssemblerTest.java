package io.lstmstreams.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.wire.LabelRecord;
import org.junit.jupiter.api.Test;

class SentenceAssemblerTest {

    private static LabelRecord label(String sequence, int position, String token, String tag, boolean end) {
        return new LabelRecord(LabelRecord.FORMAT_VERSION, "pos", sequence, position, token, tag, end, 1_000L);
    }

    @Test
    void aSentenceIsCompleteWhenEveryPositionUpToItsEndArrivedInAnyOrder() {
        SentenceAssembler assembler = new SentenceAssembler("pos", 10);

        assertThat(assembler.add(label("a", 1, "go", "VERB", false))).isEmpty();
        assertThat(assembler.add(label("b", 0, "Hi", "INTJ", true))).isPresent();
        assertThat(assembler.add(label("a", 0, "I", "PRON", false))).isEmpty();
        var sentence = assembler.add(label("a", 2, ".", "PUNCT", true)).orElseThrow().value();

        assertThat(sentence.words()).containsExactly("I", "go", ".");
        assertThat(sentence.tags()).containsExactly("PRON", "VERB", "PUNCT");
    }

    @Test
    void aSentenceWithAMissingLabelOrDroppedForSpaceIsNotEmitted() {
        SentenceAssembler assembler = new SentenceAssembler("pos", 1);

        assembler.add(label("a", 0, "I", "PRON", false));
        assertThat(assembler.add(label("b", 1, "go", "VERB", true))).isEmpty();
        assembler.add(label("c", 0, "I", "PRON", false)); // pushes "a" out
        assertThat(assembler.add(label("a", 1, "go", "VERB", true))).isEmpty();
    }
}

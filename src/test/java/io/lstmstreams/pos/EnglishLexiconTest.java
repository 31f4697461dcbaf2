package io.lstmstreams.pos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EnglishLexiconTest {

    @Test
    void listsEveryPartOfSpeechOfAWordSortedWithoutPersonAndNumberDetails() {
        assertThat(EnglishLexicon.ambiguityClass("walked")).isEqualTo("VBD VBN");
        assertThat(EnglishLexicon.ambiguityClass("dogs")).isEqualTo("NNS VBZ");
        assertThat(EnglishLexicon.ambiguityClass("I")).isEqualTo("PRP"); // listed as PRP_S1S
    }

    @Test
    void looksUpTheLowerCasedFormTooButNotTheCapitalised() {
        assertThat(EnglishLexicon.ambiguityClass("The")).isEqualTo(EnglishLexicon.ambiguityClass("the")).isEqualTo("DT");
        assertThat(EnglishLexicon.ambiguityClass("Kirkuk")).isEqualTo("NNP");
        assertThat(EnglishLexicon.ambiguityClass("kirkuk")).isEmpty();
    }

    @Test
    void aWordTheDictionaryDoesNotListHasTheEmptyClass() {
        assertThat(EnglishLexicon.ambiguityClass("xqzv")).isEmpty();
        assertThat(EnglishLexicon.ambiguityClass("")).isEmpty();
    }
}

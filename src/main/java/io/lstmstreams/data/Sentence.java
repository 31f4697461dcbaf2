package io.lstmstreams.data;

import java.util.List;

/**
 * A tokenised sentence with one gold tag per word.
 *
 * @param id    the treebank's sentence id, used as the Kafka key when replayed
 * @param words the surface forms
 * @param tags  one tag per word (UPOS for UD treebanks)
 */
public record Sentence(String id, List<String> words, List<String> tags) {

    public Sentence {
        words = List.copyOf(words);
        tags = List.copyOf(tags);
        if (words.size() != tags.size()) {
            throw new IllegalArgumentException("sentence " + id + ": " + words.size() + " words but " + tags.size() + " tags");
        }
    }

    public int length() {
        return words.size();
    }
}

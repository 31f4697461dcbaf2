package io.lstmstreams.pos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Locale;
import java.util.TreeSet;
import morfologik.stemming.Dictionary;
import morfologik.stemming.DictionaryLookup;
import morfologik.stemming.WordData;

/**
 * The parts of speech an English dictionary lists for a word, as one ambiguity class such as {@code "NN VB VBP"}
 * (Penn Treebank tags; empty when the word is not listed). The dictionary is LanguageTool's english-pos-dict
 * (LGPL 2.1), read with morfologik. It tells the tagger what a word it never saw in training can be: 1,015 of
 * the 1,709 tokens of EWT dev that training never saw are listed.
 */
final class EnglishLexicon {

    private static final String RESOURCE = "/org/languagetool/resource/en/english.dict";
    private static final Dictionary DICTIONARY = load();
    // a lookup keeps its buffers between calls: one per thread, over the shared immutable dictionary
    private static final ThreadLocal<DictionaryLookup> LOOKUP = ThreadLocal.withInitial(() -> new DictionaryLookup(DICTIONARY));

    private EnglishLexicon() {
    }

    /** The sorted tags listed for the word as written or lower-cased; person/number details dropped (PRP_S1S is PRP). */
    static String ambiguityClass(String word) {
        TreeSet<String> tags = new TreeSet<>();
        addTags(word, tags);
        String lower = word.toLowerCase(Locale.ROOT);
        if (!lower.equals(word)) {
            addTags(lower, tags);
        }
        return String.join(" ", tags);
    }

    private static void addTags(String form, TreeSet<String> tags) {
        for (WordData entry : LOOKUP.get().lookup(form)) {
            String tag = entry.getTag().toString();
            int detail = indexOfAny(tag, ':', '_');
            tags.add(detail < 0 ? tag : tag.substring(0, detail));
        }
    }

    private static int indexOfAny(String s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == a || s.charAt(i) == b) {
                return i;
            }
        }
        return -1;
    }

    private static Dictionary load() {
        URL url = EnglishLexicon.class.getResource(RESOURCE);
        if (url == null) {
            throw new IllegalStateException("english-pos-dict is not on the class path (" + RESOURCE + ")");
        }
        try {
            return Dictionary.read(url);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + url, e);
        }
    }
}

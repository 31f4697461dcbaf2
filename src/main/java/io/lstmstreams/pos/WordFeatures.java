package io.lstmstreams.pos;

import io.lstmstreams.data.Sentence;
import io.lstmstreams.model.ModelSpec.TokenSlot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a word into one id per token slot: the lower-cased word and the word as written (vocabularies learned
 * from training data; case tells proper nouns from common ones), its shape ({@code Xxxx}, {@code d.d}), the
 * parts of speech an English dictionary lists for it ({@link EnglishLexicon}), and its prefixes and suffixes
 * hashed into fixed buckets. A word the model has never seen still brings its affixes, shape and dictionary
 * entry, which is what tags unknown words well (STACK-FACTS: 0.894 with the word alone, 0.930
 * with affixes and shape on EWT dev).
 *
 * <p>Id 0 of every slot is {@link #PAD}, the filler fed after the end of a sequence to flush look-ahead; id 1
 * of the vocabulary slots is unknown.
 */
final class WordFeatures {

    public static final int PAD = 0;
    static final int UNKNOWN = 1;
    private static final int[] PREFIXES = {1, 2, 3, 4};
    private static final int[] SUFFIXES = {1, 2, 3, 4, 5};
    private static final int MAX_SHAPE = 6;
    private static final List<String> RESERVED = List.of("<pad>", "<unknown>");

    /** The slots whose ids come from a vocabulary learned in training, each with its view of the word. */
    enum VocabularySlot {
        WORD(word -> word.toLowerCase(Locale.ROOT)),
        CASED(word -> word),
        SHAPE(WordFeatures::shape),
        LEXICON(EnglishLexicon::ambiguityClass),
        /** Optional: pretrained word vectors (lower-cased, like GloVe 6B), frozen; its vocabulary is the vectors' words. */
        VECTORS(word -> word.toLowerCase(Locale.ROOT));

        final Function<String, String> view;

        VocabularySlot(Function<String, String> view) {
            this.view = view;
        }

        /** The slots that know a word by its form: dropped to unknown in training, so new words are tagged from the rest. */
        boolean isWord() {
            return this == WORD || this == CASED;
        }

        String slotName() {
            return name().toLowerCase(Locale.ROOT);
        }

        int embeddingSize(int wordEmbedding, int affixEmbedding, int vectorDimensions) {
            return switch (this) {
                case WORD -> wordEmbedding;
                case CASED -> Math.max(4, wordEmbedding / 2);
                case SHAPE -> Math.max(4, affixEmbedding / 2);
                case LEXICON -> affixEmbedding;
                case VECTORS -> vectorDimensions;
            };
        }
    }

    private final Map<VocabularySlot, Map<String, Integer>> vocabularies = new EnumMap<>(VocabularySlot.class);
    private final int affixBuckets;
    private final List<TokenSlot> slots;

    private WordFeatures(Map<VocabularySlot, List<String>> vocabularies, int affixBuckets,
                         int wordEmbedding, int affixEmbedding, int vectorDimensions, double wordDropout) {
        this.affixBuckets = affixBuckets;
        List<TokenSlot> slots = new ArrayList<>();
        for (VocabularySlot slot : VocabularySlot.values()) {
            List<String> vocabulary = vocabularies.get(slot);
            if (vocabulary == null && slot == VocabularySlot.VECTORS) {
                continue;
            }
            if (vocabulary == null) {
                throw new IllegalArgumentException("no vocabulary for slot '" + slot.slotName() + "'");
            }
            this.vocabularies.put(slot, index(vocabulary));
            slots.add(new TokenSlot(slot.slotName(), vocabulary.size(),
                    slot.embeddingSize(wordEmbedding, affixEmbedding, vectorDimensions), slot == VocabularySlot.VECTORS,
                    slot.isWord() ? wordDropout : 0));
        }
        for (int length : PREFIXES) {
            slots.add(new TokenSlot("prefix" + length, affixBuckets, affixEmbedding));
        }
        for (int length : SUFFIXES) {
            slots.add(new TokenSlot("suffix" + length, affixBuckets, affixEmbedding));
        }
        this.slots = List.copyOf(slots);
    }

    /**
     * Learns the vocabularies from training sentences: views seen at least {@code minCount} times (rarer ones
     * share the unknown id, so the unknown embedding is trained on real rare words).
     */
    public static WordFeatures learn(List<Sentence> sentences, int minCount, int affixBuckets,
                                     int wordEmbedding, int affixEmbedding) {
        return learn(sentences, minCount, affixBuckets, wordEmbedding, affixEmbedding, List.of(), 0, 0);
    }

    /**
     * As {@link #learn(List, int, int, int, int)}, plus a frozen slot of pretrained vectors when {@code vectorWords}
     * is not empty (those words, lower-case, in the order of their rows, after the pad and unknown ids), and the
     * word slots' {@code wordDropout} in training.
     */
    public static WordFeatures learn(List<Sentence> sentences, int minCount, int affixBuckets, int wordEmbedding,
                                     int affixEmbedding, List<String> vectorWords, int vectorDimensions, double wordDropout) {
        Map<VocabularySlot, List<String>> vocabularies = new EnumMap<>(VocabularySlot.class);
        for (VocabularySlot slot : VocabularySlot.values()) {
            if (slot == VocabularySlot.VECTORS) {
                if (!vectorWords.isEmpty()) {
                    List<String> vocabulary = new ArrayList<>(RESERVED);
                    vectorWords.stream().filter(word -> !RESERVED.contains(word)).distinct().forEach(vocabulary::add);
                    vocabularies.put(slot, vocabulary);
                }
                continue;
            }
            Map<String, Integer> counts = new HashMap<>();
            sentences.forEach(sentence -> sentence.words().forEach(word -> counts.merge(slot.view.apply(word), 1, Integer::sum)));
            vocabularies.put(slot, vocabulary(counts, minCount));
        }
        return new WordFeatures(vocabularies, affixBuckets, wordEmbedding, affixEmbedding, vectorDimensions, wordDropout);
    }

    /** Rebuilds the features of a trained model from its bundle's vocabularies. */
    public static WordFeatures fromVocabularies(Map<String, List<String>> vocabularies, List<TokenSlot> slots) {
        TokenSlot word = slot(slots, VocabularySlot.WORD.slotName());
        TokenSlot prefix = slot(slots, "prefix" + PREFIXES[0]);
        Map<VocabularySlot, List<String>> bySlot = new EnumMap<>(VocabularySlot.class);
        for (VocabularySlot slot : VocabularySlot.values()) {
            if (vocabularies.containsKey(slot.slotName())) {
                bySlot.put(slot, vocabularies.get(slot.slotName()));
            }
        }
        int vectorDimensions = slots.stream().filter(s -> s.name().equals(VocabularySlot.VECTORS.slotName()))
                .mapToInt(TokenSlot::embeddingSize).findFirst().orElse(0);
        WordFeatures features = new WordFeatures(bySlot, prefix.vocabularySize(), word.embeddingSize(), prefix.embeddingSize(),
                vectorDimensions, word.unknownDropout());
        // the ids depend on names, vocabularies and which slot is frozen; the widths are the network's (a merged
        // ensemble's are K times a member's)
        if (!encoded(features.slots).equals(encoded(slots))) {
            throw new IllegalArgumentException("model slots " + slots + " are not those of word features " + features.slots);
        }
        return features;
    }

    private static List<String> encoded(List<TokenSlot> slots) {
        return slots.stream().map(slot -> slot.name() + ":" + slot.vocabularySize() + (slot.frozen() ? ":frozen" : "")).toList();
    }

    private static TokenSlot slot(List<TokenSlot> slots, String name) {
        return slots.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("model has no '" + name + "' slot: not a word-feature model"));
    }

    public List<TokenSlot> slots() {
        return slots;
    }

    /** The words of the pretrained-vectors slot, by id (pad and unknown first); empty when there is none. */
    public List<String> vectorWords() {
        Map<String, Integer> index = vocabularies.get(VocabularySlot.VECTORS);
        return index == null ? List.of() : keys(index);
    }

    /** The vocabularies a bundle must carry to rebuild these features. */
    public Map<String, List<String>> vocabularies() {
        Map<String, List<String>> lists = new LinkedHashMap<>();
        vocabularies.forEach((slot, index) -> lists.put(slot.slotName(), keys(index)));
        return lists;
    }

    /** Writes the word's id for every slot into {@code ids} (length = number of slots). */
    public void encode(String word, int[] ids) {
        int slot = 0;
        for (Map.Entry<VocabularySlot, Map<String, Integer>> vocabulary : vocabularies.entrySet()) {
            ids[slot++] = vocabulary.getValue().getOrDefault(vocabulary.getKey().view.apply(word), UNKNOWN);
        }
        String lower = word.toLowerCase(Locale.ROOT);
        for (int length : PREFIXES) {
            ids[slot++] = bucket(lower, 0, Math.min(length, lower.length()), slot);
        }
        for (int length : SUFFIXES) {
            ids[slot++] = bucket(lower, Math.max(0, lower.length() - length), lower.length(), slot);
        }
    }

    /** The ids of the filler fed after a sequence's end. */
    public void encodePad(int[] ids) {
        Arrays.fill(ids, PAD);
    }

    /** Upper-case X, lower-case x, digit d, anything else itself; runs collapsed; at most 6 characters. */
    static String shape(String word) {
        StringBuilder shape = new StringBuilder();
        char last = 0;
        for (int i = 0; i < word.length() && shape.length() < MAX_SHAPE; i++) {
            char c = word.charAt(i);
            char s = Character.isUpperCase(c) ? 'X' : Character.isLowerCase(c) ? 'x' : Character.isDigit(c) ? 'd' : c;
            if (s != last) {
                shape.append(s);
                last = s;
            }
        }
        return shape.toString();
    }

    /** FNV-1a over the affix's UTF-8 bytes and the slot, into buckets 1..n-1 (0 is the pad). */
    private int bucket(String word, int from, int to, int slot) {
        int hash = 0x811c9dc5 ^ slot;
        for (byte b : word.substring(from, to).getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x01000193;
        }
        return 1 + Math.floorMod(hash, affixBuckets - 1);
    }

    private static List<String> vocabulary(Map<String, Integer> counts, int minCount) {
        List<String> vocabulary = new ArrayList<>(RESERVED);
        counts.entrySet().stream()
                .filter(e -> e.getValue() >= minCount && !RESERVED.contains(e.getKey()))
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> vocabulary.add(e.getKey()));
        return vocabulary;
    }

    private static Map<String, Integer> index(List<String> vocabulary) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < vocabulary.size(); i++) {
            index.put(vocabulary.get(i), i);
        }
        return index;
    }

    private static List<String> keys(Map<String, Integer> index) {
        String[] keys = new String[index.size()];
        index.forEach((key, id) -> keys[id] = key);
        return List.of(keys);
    }
}

package io.lstmstreams.pos;

import io.lstmstreams.data.Sentence;
import io.lstmstreams.data.WordVectors;
import io.lstmstreams.model.BundleMetadata;
import io.lstmstreams.model.Dl4jWeights;
import io.lstmstreams.model.Ensemble;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.model.ModelSpec;
import io.lstmstreams.model.Networks;
import io.lstmstreams.model.RecurrentModel;
import io.lstmstreams.training.ProgressListener;
import io.lstmstreams.training.TokenSequence;
import io.lstmstreams.training.Trainer;
import io.lstmstreams.training.TrainingResult;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Trains a part-of-speech tagger: word features in, one tag per token out. With look-ahead k the model is
 * trained to emit the tag of token t at step t+k (the k pad steps after the end release the last tags), which
 * is exactly how the stream runs it; k=0 is a causal tagger.
 */
final class PosTraining {

    static final String LOOKAHEAD = "lookahead";

    private PosTraining() {
    }

    /** Learns features and tags from {@code sentences}, holds out a seeded share for early stopping. */
    public static ModelBundle train(List<Sentence> sentences, PosTask.Options options, long modelVersion, ProgressListener listener) {
        return train(sentences, options, null, 0, modelVersion, listener);
    }

    /**
     * As {@link #train(List, PosTask.Options, long, ProgressListener)}, with pretrained word vectors as a frozen slot when
     * {@code vectors} is not null: its {@code vectorWords} most frequent words and every training word it has.
     */
    public static ModelBundle train(List<Sentence> sentences, PosTask.Options options, WordVectors vectors, int vectorWords,
                                    long modelVersion, ProgressListener listener) {
        List<String> pretrained = vectors == null ? List.of() : pretrainedWords(sentences, vectors, vectorWords);
        WordFeatures features = WordFeatures.learn(sentences, options.minWordCount(), options.affixBuckets(),
                options.wordEmbedding(), options.affixEmbedding(), pretrained, vectors == null ? 0 : vectors.dimensions(),
                options.wordDropout());
        List<String> tags = List.copyOf(new TreeSet<>(sentences.stream().flatMap(s -> s.tags().stream()).toList()));
        ModelSpec spec = spec(features, tags, options);
        List<TokenSequence> sequences = sequences(sentences, features, tags, options.lookahead());
        Trainer trainer = new Trainer(options.training(), listener);
        TrainingResult result;
        if (vectors == null) {
            result = trainer.train(spec, sequences, null);
        } else {
            // the optimiser is irrelevant here: continueTraining copies only the parameters into its own network
            ComputationGraph start = Networks.create(spec, new Adam(), 0, options.training().seed());
            loadVectors(start, spec, features.vectorWords(), vectors);
            result = trainer.continueTraining(start, spec, sequences, null);
        }
        return ModelBundle.of(metadata(spec, features, tags, options.lookahead(), modelVersion, result.metrics()),
                result.network());
    }

    /**
     * Taggers trained apart on the same data (the same {@code --data}, {@code --vectors}, {@code --lookahead} and
     * sizes, other seeds) as one model, their distributions averaged geometrically ({@link Ensemble}): it streams as
     * one wider step, and retraining keeps it an ensemble.
     *
     * @throws IllegalArgumentException a bundle is not a pos tagger, or they differ in anything but their weights
     */
    static ModelBundle merge(List<ModelBundle> members, long modelVersion) {
        ModelSpec.require(members.size() >= 2, "an ensemble needs at least two taggers, got " + members.size());
        BundleMetadata first = members.get(0).metadata();
        int lookahead = PosModel.lookahead(first);
        for (ModelBundle member : members) {
            BundleMetadata other = member.metadata();
            ModelSpec.require(PosModel.lookahead(other) == lookahead && other.vocabularies().equals(first.vocabularies())
                            && other.tags().equals(first.tags()), "ensemble members must share look-ahead, vocabularies and"
                    + " tags: train them from the same data with the same options (they differ in --seed only)");
        }
        RecurrentModel merged = Ensemble.merge(members.stream()
                .map(member -> Dl4jWeights.extract(member.network(), member.metadata().spec())).toList());
        ComputationGraph network = Dl4jWeights.network(merged, new Adam(), 0, 0);
        return ModelBundle.of(new BundleMetadata(PosTask.NAME, modelVersion, null, merged.spec(), first.vocabularies(),
                first.tags(), null, Map.of(TrainingResult.MEMBERS, (double) members.size()), Instant.now(),
                first.properties()), network);
    }

    /** The file's first {@code top} words, then the (lower-cased) training words it has that are not among them. */
    static List<String> pretrainedWords(List<Sentence> sentences, WordVectors vectors, int top) {
        Set<String> words = new LinkedHashSet<>(vectors.words().subList(0, Math.min(top, vectors.words().size())));
        sentences.stream().flatMap(sentence -> sentence.words().stream()).map(word -> word.toLowerCase(Locale.ROOT))
                .filter(vectors::contains).forEach(words::add);
        return List.copyOf(words);
    }

    /** Writes the vectors into the frozen slot's embedding; the pad and unknown rows stay zero. */
    private static void loadVectors(ComputationGraph network, ModelSpec spec, List<String> words, WordVectors vectors) {
        ModelSpec.TokenSlot slot = spec.input().slots().stream().filter(ModelSpec.TokenSlot::frozen).findFirst().orElseThrow();
        float[][] table = new float[words.size()][vectors.dimensions()];
        for (int id = 0; id < words.size(); id++) {
            table[id] = vectors.vector(words.get(id)).orElse(table[id]);
        }
        network.getLayer(Networks.embeddingLayer(slot)).setParam("W", Nd4j.createFromArray(table));
    }

    static ModelSpec spec(WordFeatures features, List<String> tags, PosTask.Options options) {
        return new ModelSpec(ModelSpec.InputSpec.tokens(features.slots()), options.cell(),
                options.hiddenSize(), options.layers(), options.dropout(), ModelSpec.HeadSpec.softmax(tags.size()),
                options.bidirectional());
    }

    static BundleMetadata metadata(ModelSpec spec, WordFeatures features, List<String> tags, int lookahead,
                                   long modelVersion, Map<String, Double> metrics) {
        return new BundleMetadata(PosTask.NAME, modelVersion, null, spec, features.vocabularies(), tags,
                null, metrics, Instant.now(), Map.of(LOOKAHEAD, Integer.toString(lookahead)));
    }

    /** One training sequence a sentence: its words then k pads in, the tag of token t-k out at step t. */
    static List<TokenSequence> sequences(List<Sentence> sentences, WordFeatures features, List<String> tags, int lookahead) {
        Map<String, Integer> tagIndex = new HashMap<>();
        for (int i = 0; i < tags.size(); i++) {
            tagIndex.put(tags.get(i), i);
        }
        int slots = features.slots().size();
        int[] ids = new int[slots];
        return sentences.stream().map(sentence -> {
            int steps = sentence.length() + lookahead;
            int[][] slotIds = new int[slots][steps];
            int[] targets = new int[steps];
            Arrays.fill(targets, TokenSequence.NO_TARGET);
            for (int t = 0; t < steps; t++) {
                if (t < sentence.length()) {
                    features.encode(sentence.words().get(t), ids);
                } else {
                    features.encodePad(ids);
                }
                for (int s = 0; s < slots; s++) {
                    slotIds[s][t] = ids[s];
                }
                if (t >= lookahead) {
                    targets[t] = tagIndex.getOrDefault(sentence.tags().get(t - lookahead), TokenSequence.NO_TARGET);
                }
            }
            return new TokenSequence(slotIds, targets);
        }).toList();
    }
}

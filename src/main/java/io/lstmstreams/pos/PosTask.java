package io.lstmstreams.pos;

import io.lstmstreams.config.Settings;
import io.lstmstreams.data.Conllu;
import io.lstmstreams.data.Sentence;
import io.lstmstreams.data.WordVectors;
import io.lstmstreams.model.CellType;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.retrain.CandidateTrainer;
import io.lstmstreams.tagging.SequenceTaggingTask;
import io.lstmstreams.tagging.TaggerFactory;
import io.lstmstreams.tagging.TaggingRetraining;
import io.lstmstreams.training.ProgressListener;
import io.lstmstreams.training.TrainingConfig;
import io.lstmstreams.wire.TagRecord;
import io.lstmstreams.wire.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;

/**
 * Part-of-speech tagging: words of a sentence in ({@code lstm.tokens}), one universal POS tag per word out
 * ({@code lstm.tags}), k words later with look-ahead k. Training, evaluation and the running pipeline all start here.
 */
public final class PosTask extends SequenceTaggingTask<TagRecord> {

    public static final String NAME = "pos";

    /** Model and feature sizes; the defaults are those of the measured figures without vectors and word dropout. */
    public record Options(int lookahead, CellType cell, int hiddenSize, int layers, double dropout, int wordEmbedding,
                          int affixEmbedding, int affixBuckets, int minWordCount, double wordDropout, TrainingConfig training,
                          boolean bidirectional) {

        public Options {
            if (bidirectional && lookahead != 0) {
                throw new IllegalArgumentException("a bidirectional tagger reads the whole sentence: it takes no look-ahead, got "
                        + lookahead);
            }
        }

        /** A causal tagger, the kind a stream runs. */
        public Options(int lookahead, CellType cell, int hiddenSize, int layers, double dropout, int wordEmbedding,
                       int affixEmbedding, int affixBuckets, int minWordCount, double wordDropout, TrainingConfig training) {
            this(lookahead, cell, hiddenSize, layers, dropout, wordEmbedding, affixEmbedding, affixBuckets, minWordCount,
                    wordDropout, training, false);
        }

        public static Options defaults(int lookahead) {
            return new Options(lookahead, CellType.LSTM, 256, 2, 0.5, 100, 16, 4096, 2, 0,
                    new TrainingConfig(TrainingConfig.Optimizer.ADAM, 2e-3, 5.0, 32, 12, 2, 0.1, 42));
        }
    }

    /** An offline run of a bundle over sentences, exactly as the stream tags them. */
    public record Evaluation(List<TagRecord> tags, int lookahead, long modelVersion, double accuracy) {
    }

    public PosTask() {
        super(NAME, "part-of-speech tagger", Topics.TOKENS, Topics.TAGS, List.of());
    }

    @Override
    public TaggerFactory<TagRecord> model(ModelBundle bundle, Settings settings) {
        return PosModel.from(bundle);
    }

    /**
     * The bundle as a newcomer would run it: DL4J's {@code rnnTimeStep} once per event, the sentence's state set and
     * read around the call, in the same pipeline. The benchmark's naive baseline; the tags are the same.
     */
    public static TaggerFactory<TagRecord> steppedByDl4j(ModelBundle bundle) {
        return PosModel.from(bundle).steppedByDl4j(bundle);
    }

    /** Sentences with their gold tags, under the running model's vocabularies, tag set and look-ahead. */
    @Override
    public CandidateTrainer<Sentence> retraining(Settings settings) {
        return retraining(TaggingRetraining.config(Options.defaults(0).training()));
    }

    static TaggingRetraining retraining(TrainingConfig config) {
        return new TaggingRetraining(config, (bundle, sentences) -> {
            PosModel model = PosModel.from(bundle);
            return PosTraining.sequences(sentences, model.features(), model.tags(), model.lookahead());
        }, (bundle, sentences) -> Map.of());
    }

    @Override
    public List<KeyValue<String, byte[]>> replayRecords(Path data, Duration window) {
        return records(Conllu.read(data));
    }

    /** Sentences as the records a replay sends: every word under its sentence's id, sentence after sentence. */
    public static List<KeyValue<String, byte[]>> records(List<Sentence> sentences) {
        List<KeyValue<String, byte[]>> records = new ArrayList<>();
        sentences.forEach(sentence -> PosEvaluation.events(sentence)
                .forEach(event -> records.add(KeyValue.pair(sentence.id(), event.toJson()))));
        return records;
    }

    /**
     * Learns features and tags from {@code sentences}, holds out a seeded share for early stopping; with pretrained
     * word {@code vectors} (or null) as a frozen slot: its {@code vectorWords} most frequent words and every training
     * word it has.
     */
    public static ModelBundle train(List<Sentence> sentences, Options options, WordVectors vectors, int vectorWords,
                                    long modelVersion, ProgressListener listener) {
        return PosTraining.train(sentences, options, vectors, vectorWords, modelVersion, listener);
    }

    /**
     * Taggers trained apart on the same data with other seeds as one model that streams as one wider step, their
     * distributions averaged geometrically.
     *
     * @throws IllegalArgumentException a bundle is not a pos tagger, or they differ in anything but their weights
     */
    public static ModelBundle merge(List<ModelBundle> members, long modelVersion) {
        return PosTraining.merge(members, modelVersion);
    }

    /** The look-ahead a pos bundle was trained for. @throws IllegalArgumentException it is not a pos bundle */
    public static int lookahead(ModelBundle bundle) {
        return PosModel.lookahead(bundle.metadata());
    }

    /**
     * Tags {@code sentences} offline through the streaming tagger and scores the tags against the gold ones; a
     * bidirectional model, which cannot stream, tags each whole sentence at once.
     *
     * @throws IllegalArgumentException the bundle is not a pos model
     */
    public static Evaluation evaluate(ModelBundle bundle, List<Sentence> sentences) {
        int lookahead = PosModel.lookahead(bundle.metadata());
        PosEvaluation.Result result = bundle.metadata().spec().bidirectional()
                ? WholeSentenceTagger.evaluate(bundle, sentences)
                : PosEvaluation.evaluate(PosModel.from(bundle), sentences);
        return new Evaluation(result.tags(), lookahead, bundle.metadata().modelVersion(), result.accuracy());
    }
}

package io.lstmstreams.pos;

import io.lstmstreams.data.Sentence;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.training.SequenceDataSets;
import io.lstmstreams.training.TokenSequence;
import io.lstmstreams.wire.TagRecord;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Tags whole sentences in one forward pass of DL4J's network: the only way to run a bidirectional tagger, whose tag
 * for a word needs the words after it (a stream cannot run one; {@link PosModel} refuses it).
 */
final class WholeSentenceTagger {

    private WholeSentenceTagger() {
    }

    static PosEvaluation.Result evaluate(ModelBundle bundle, List<Sentence> sentences) {
        var metadata = bundle.metadata();
        WordFeatures features = WordFeatures.fromVocabularies(metadata.vocabularies(), metadata.spec().input().slots());
        List<String> tags = metadata.tags();
        List<TokenSequence> sequences = PosTraining.sequences(sentences, features, tags, 0);
        ComputationGraph network = bundle.network();
        List<TagRecord> tagged = new ArrayList<>();
        long correct = 0;
        for (int s = 0; s < sentences.size(); s++) {
            Sentence sentence = sentences.get(s);
            MultiDataSet input = SequenceDataSets.of(metadata.spec(), List.of(sequences.get(s)));
            INDArray probabilities = network.output(false, input.getFeatures(), input.getFeaturesMaskArrays())[0]; // [1, tags, T]
            for (int t = 0; t < sentence.length(); t++) {
                int best = 0;
                for (int k = 1; k < tags.size(); k++) {
                    best = probabilities.getFloat(0, k, t) > probabilities.getFloat(0, best, t) ? k : best;
                }
                String gold = sentence.tags().get(t);
                correct += tags.get(best).equals(gold) ? 1 : 0;
                tagged.add(new TagRecord(TagRecord.FORMAT_VERSION, sentence.id(), t, sentence.words().get(t), tags.get(best),
                        probabilities.getFloat(0, best, t), gold, metadata.modelVersion()));
            }
        }
        return new PosEvaluation.Result(tagged, correct, tagged.isEmpty() ? Double.NaN : (double) correct / tagged.size());
    }
}

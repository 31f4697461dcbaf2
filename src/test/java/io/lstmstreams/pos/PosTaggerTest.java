package io.lstmstreams.pos;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.data.Conllu;
import io.lstmstreams.data.Sentence;
import io.lstmstreams.model.CellType;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.model.ModelSpec;
import io.lstmstreams.model.Networks;
import io.lstmstreams.tagging.SequenceState;
import io.lstmstreams.training.TokenSequence;
import io.lstmstreams.wire.TagRecord;
import io.lstmstreams.wire.TokenEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

class PosTaggerTest {

    static final List<Sentence> SAMPLE = Conllu.read(Path.of("src/test/resources/data/sample.conllu"));
    static final List<String> TAGS = List.of("ADJ", "AUX", "INTJ", "NOUN", "PART", "PRON", "PUNCT", "VERB");

    /** An untrained tagger: these tests are about when and what it emits, not about accuracy. */
    static PosModel model(int lookahead, long seed) {
        return model(lookahead, seed, 7);
    }

    static PosModel model(int lookahead, long seed, long version) {
        PosTask.Options options = new PosTask.Options(lookahead, CellType.LSTM, 16, 1, 0.0, 8, 4, 64, 1, 0, PosTask.Options.defaults(lookahead).training());
        WordFeatures features = WordFeatures.learn(SAMPLE, 1, options.affixBuckets(), options.wordEmbedding(), options.affixEmbedding());
        ModelSpec spec = PosTraining.spec(features, TAGS, options);
        ComputationGraph network = Networks.create(spec, new Adam(1e-3), 0, seed);
        return PosModel.from(ModelBundle.of(PosTraining.metadata(spec, features, TAGS, lookahead, version, Map.of()), network));
    }

    private static List<Integer> releasedPerEvent(PosTagger tagger, List<String> words) {
        SequenceState state = tagger.newState();
        List<Integer> released = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            released.add(tagger.accept("s", state, TokenEvent.of(words.get(i), null, i == words.size() - 1)).size());
        }
        return released;
    }

    /** The benchmark's naive baseline must tag as the stream does, or its speed would be no comparison. */
    @Test
    void dl4jPerEventTagsEverySentenceAsTheStreamingStepDoes() {
        PosTask.Options options = new PosTask.Options(1, CellType.LSTM, 16, 1, 0.0, 8, 4, 64, 1, 0, PosTask.Options.defaults(1).training());
        WordFeatures features = WordFeatures.learn(SAMPLE, 1, options.affixBuckets(), options.wordEmbedding(), options.affixEmbedding());
        ModelSpec spec = PosTraining.spec(features, TAGS, options);
        ModelBundle bundle = ModelBundle.of(PosTraining.metadata(spec, features, TAGS, 1, 7, Map.of()), Networks.create(spec, new Adam(1e-3), 0, 3));
        PosTagger streaming = PosModel.from(bundle).newTagger();
        var naive = PosTask.steppedByDl4j(bundle).newTagger();

        for (Sentence sentence : SAMPLE) {
            SequenceState mine = streaming.newState();
            SequenceState theirs = naive.newState();
            for (int i = 0; i < sentence.words().size(); i++) {
                TokenEvent event = TokenEvent.of(sentence.words().get(i), null, i == sentence.words().size() - 1);
                List<TagRecord> expected = streaming.process(sentence.id(), mine, event, 32);
                List<TagRecord> actual = naive.process(sentence.id(), theirs, event, 32);
                assertThat(actual).extracting(TagRecord::tag).isEqualTo(expected.stream().map(TagRecord::tag).toList());
                for (int t = 0; t < actual.size(); t++) {
                    assertThat(actual.get(t).probability()).isCloseTo(expected.get(t).probability(), org.assertj.core.data.Offset.offset(1e-5));
                }
            }
        }
    }

    @Test
    void lookaheadReleasesEachTagKTokensLaterAndTheRestAtTheEnd() {
        PosTagger tagger = model(2, 1).newTagger();

        assertThat(releasedPerEvent(tagger, List.of("I", "can", "not", "go", "."))).containsExactly(0, 0, 1, 1, 3);
        assertThat(releasedPerEvent(tagger, List.of("Hello"))).containsExactly(1);
        assertThat(releasedPerEvent(model(0, 1).newTagger(), List.of("I", "go"))).containsExactly(1, 1);
    }

    @Test
    void tagsCarryPositionTokenGoldAndModelVersionInInputOrder() {
        Sentence sentence = SAMPLE.get(0);

        List<TagRecord> tags = PosEvaluation.evaluate(model(2, 1), List.of(sentence)).tags();

        assertThat(tags).extracting(TagRecord::position).containsExactly(0, 1, 2, 3, 4);
        assertThat(tags).extracting(TagRecord::token).containsExactlyElementsOf(sentence.words());
        assertThat(tags).extracting(TagRecord::gold).containsExactlyElementsOf(sentence.tags());
        assertThat(tags).allSatisfy(tag -> {
            assertThat(tag.sequence()).isEqualTo(sentence.id());
            assertThat(tag.modelVersion()).isEqualTo(7);
            assertThat(TAGS).contains(tag.tag());
            assertThat(tag.probability()).isBetween(1.0 / TAGS.size(), 1.0);
        });
    }

    @Test
    void streamingTagsEqualTheNetworksOwnOutputOverTheWholePaddedSentence() {
        int lookahead = 2;
        for (long seed = 1; seed <= 3; seed++) {
            PosModel model = model(lookahead, seed);
            ComputationGraph network = Networks.create(model.weights().spec(), new Adam(1e-3), 0, seed);
            Sentence sentence = SAMPLE.get(0);
            TokenSequence sequence = PosTraining.sequences(List.of(sentence), model.features(), TAGS, lookahead).get(0);
            INDArray[] inputs = new INDArray[sequence.ids().length];
            for (int slot = 0; slot < inputs.length; slot++) {
                inputs[slot] = Nd4j.createFromArray(new int[][] {sequence.ids()[slot]}).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
            }
            INDArray probabilities = network.outputSingle(inputs); // [1, tags, steps]

            List<TagRecord> tags = PosEvaluation.evaluate(model, List.of(sentence)).tags();

            for (TagRecord tag : tags) {
                INDArray step = probabilities.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                        org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(tag.position() + lookahead));
                assertThat(tag.tag()).as("seed %d position %d", seed, tag.position())
                        .isEqualTo(TAGS.get(step.argMax().getInt(0)));
                assertThat(tag.probability()).isCloseTo(step.maxNumber().doubleValue(), org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }
}

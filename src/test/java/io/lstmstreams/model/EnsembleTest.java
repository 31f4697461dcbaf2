package io.lstmstreams.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.learning.config.Adam;

/** A merged ensemble computes what its members compute, combined: every cell, token and feature input, both heads. */
class EnsembleTest {

    private static final int STEPS = 6;
    private static final MaxDifference COMBINED = new MaxDifference("merged ensemble vs its members combined");

    static Stream<Arguments> ensembles() {
        List<ModelSpec> shapes = List.of(
                new ModelSpec(ModelSpec.InputSpec.tokens(List.of(new ModelSpec.TokenSlot("word", 30, 6),
                        new ModelSpec.TokenSlot("suffix", 9, 3))), CellType.LSTM, 8, 2, 0.0, ModelSpec.HeadSpec.softmax(7)),
                new ModelSpec(ModelSpec.InputSpec.features(4), CellType.LSTM, 5, 1, 0.0, ModelSpec.HeadSpec.regression(3)));
        return Arrays.stream(CellType.values()).flatMap(cell -> shapes.stream().flatMap(shape -> Stream.of(2, 3).map(
                members -> Arguments.of(new ModelSpec(shape.input(), cell, shape.hiddenSize(), shape.layers(), 0.0,
                        shape.head()), members))));
    }

    @AfterAll
    static void report() {
        COMBINED.report();
    }

    @ParameterizedTest
    @MethodSource("ensembles")
    void theMergedModelStepsAsItsMembersCombinedAndHoldsTheirStatesSideBySide(ModelSpec spec, int count) {
        assertStepsAsItsMembersCombined(spec, randomMembers(spec, count));
    }

    /** Pretrained vectors: one table for all, read by every member; the merged model holds it once. */
    @Test
    void aFrozenSlotIsSharedByEveryMemberAndKeptOnce() {
        ModelSpec spec = new ModelSpec(ModelSpec.InputSpec.tokens(List.of(new ModelSpec.TokenSlot("word", 30, 6),
                new ModelSpec.TokenSlot("vector", 25, 5, true, 0.0), new ModelSpec.TokenSlot("suffix", 9, 3))),
                CellType.LSTM, 8, 2, 0.0, ModelSpec.HeadSpec.softmax(7));
        List<RecurrentModel> differing = randomMembers(spec, 3);
        RecurrentModel.Embedding vectors = differing.get(0).embeddings().get(1);
        List<RecurrentModel> members = differing.stream().map(member -> {
            List<RecurrentModel.Embedding> embeddings = new ArrayList<>(member.embeddings());
            embeddings.set(1, vectors);
            return new RecurrentModel(spec, embeddings, member.layers(), member.head());
        }).toList();

        RecurrentModel merged = assertStepsAsItsMembersCombined(spec, members);

        assertThat(merged.spec().input().slots()).extracting(ModelSpec.TokenSlot::embeddingSize).containsExactly(18, 5, 9);
        assertThat(merged.embeddings().get(1).table()).isEqualTo(vectors.table());
        assertThatThrownBy(() -> Ensemble.merge(differing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("same frozen slot 'vector'");
    }

    private static List<RecurrentModel> randomMembers(ModelSpec spec, int count) {
        return LongStream.range(0, count)
                .mapToObj(seed -> Dl4jWeights.extract(Dl4jReference.randomNetwork(spec, 10 + seed), spec)).toList();
    }

    private static RecurrentModel assertStepsAsItsMembersCombined(ModelSpec spec, List<RecurrentModel> members) {
        int count = members.size();
        RecurrentModel merged = Ensemble.merge(members);
        assertThat(merged.spec()).isEqualTo(Ensemble.spec(spec, count));
        List<KeyStepper> memberSteppers = members.stream().map(KeyStepper::new).toList();
        KeyStepper mergedStepper = new KeyStepper(merged);
        List<RecurrentState> memberStates = members.stream().map(member -> RecurrentState.zeros(spec, 1)).toList();
        RecurrentState mergedState = RecurrentState.zeros(merged.spec(), 1);
        int outputs = spec.head().outputs();
        float[][] memberOutputs = new float[count][outputs];
        float[] mergedOutput = new float[outputs];
        Random random = new Random(count);

        for (int step = 0; step < STEPS; step++) {
            if (spec.input().isTokens()) {
                int[] ids = spec.input().slots().stream().mapToInt(slot -> random.nextInt(slot.vocabularySize())).toArray();
                for (int member = 0; member < count; member++) {
                    memberSteppers.get(member).step(memberStates.get(member), ids, memberOutputs[member]);
                }
                mergedStepper.step(mergedState, ids, mergedOutput);
            } else {
                float[] features = new float[spec.input().features()];
                IntStream.range(0, features.length).forEach(i -> features[i] = random.nextFloat() * 2 - 1);
                for (int member = 0; member < count; member++) {
                    memberSteppers.get(member).step(memberStates.get(member), features, memberOutputs[member]);
                }
                mergedStepper.step(mergedState, features, mergedOutput);
            }
            COMBINED.compare(spec.cell() + " step " + step, combined(spec.head(), memberOutputs), mergedOutput);
        }
        int hidden = spec.hiddenSize();
        for (int layer = 0; layer < spec.layers(); layer++) {
            for (int vector = 0; vector < spec.cell().stateVectors(); vector++) {
                for (int member = 0; member < count; member++) {
                    float[] slice = Arrays.copyOfRange(mergedState.vector(layer, vector), member * hidden, (member + 1) * hidden);
                    COMBINED.compare("layer " + layer + " vector " + vector + " member " + member,
                            memberStates.get(member).vector(layer, vector), slice);
                }
            }
        }
        return merged;
    }

    @Test
    void theMergedModelRoundTripsThroughADl4jNetwork() {
        ModelSpec spec = new ModelSpec(ModelSpec.InputSpec.tokens(20, 4), CellType.LSTM, 6, 2, 0.0, ModelSpec.HeadSpec.softmax(5));
        RecurrentModel merged = Ensemble.merge(List.of(Dl4jWeights.extract(Dl4jReference.randomNetwork(spec, 1), spec),
                Dl4jWeights.extract(Dl4jReference.randomNetwork(spec, 2), spec)));
        ComputationGraph network = Networks.create(merged.spec(), new Adam(1e-3), 0, 1);

        Dl4jWeights.load(merged, network);

        float[][] expected = Dl4jReference.step(network, new int[][] {{3}});
        float[] output = new float[5];
        new KeyStepper(Dl4jWeights.extract(network, merged.spec())).step(RecurrentState.zeros(merged.spec(), 1), new int[] {3}, output);
        COMBINED.compare("DL4J vs KeyStepper on the merged network", expected[0], output);
    }

    @Test
    void membersOfDifferentShapesAreRefused() {
        ModelSpec small = new ModelSpec(ModelSpec.InputSpec.tokens(20, 4), CellType.LSTM, 6, 1, 0.0, ModelSpec.HeadSpec.softmax(5));
        ModelSpec wide = new ModelSpec(ModelSpec.InputSpec.tokens(20, 4), CellType.LSTM, 7, 1, 0.0, ModelSpec.HeadSpec.softmax(5));

        assertThatThrownBy(() -> Ensemble.merge(List.of(Dl4jWeights.extract(Dl4jReference.randomNetwork(small, 1), small),
                Dl4jWeights.extract(Dl4jReference.randomNetwork(wide, 1), wide))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("share one spec");
        assertThatThrownBy(() -> Ensemble.merge(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    /** Softmax: the normalised geometric mean of the members' distributions; regression: the mean of their outputs. */
    private static float[] combined(ModelSpec.HeadSpec head, float[][] memberOutputs) {
        int outputs = memberOutputs[0].length;
        double[] combined = new double[outputs];
        for (float[] output : memberOutputs) {
            for (int i = 0; i < outputs; i++) {
                combined[i] += (head.kind() == ModelSpec.HeadSpec.HeadKind.SOFTMAX ? Math.log(output[i]) : output[i])
                        / memberOutputs.length;
            }
        }
        if (head.kind() == ModelSpec.HeadSpec.HeadKind.SOFTMAX) {
            double sum = Arrays.stream(combined).map(Math::exp).sum();
            Arrays.setAll(combined, i -> Math.exp(combined[i]) / sum);
        }
        float[] result = new float[outputs];
        for (int i = 0; i < outputs; i++) {
            result[i] = (float) combined[i];
        }
        return result;
    }
}

package io.lstmstreams.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lstmstreams.model.CellType;
import io.lstmstreams.model.ModelSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.MultiDataSet;

class SequenceDataSetsTest {

    @Test
    void padsTokenSequencesAndMasksPaddingAndStepsWithoutTarget() {
        TokenSequence short_ = new TokenSequence(new int[][] {{1, 2}, {0, 1}}, new int[] {TokenSequence.NO_TARGET, 3});
        TokenSequence long_ = new TokenSequence(new int[][] {{3, 4, 5}, {1, 1, 0}}, new int[] {0, 1, 2});

        MultiDataSet data = SequenceDataSets.of(ToyTasks.switchedCopySpec(0), List.of(short_, long_));

        assertThat(data.getFeatures()).hasSize(2);
        assertThat(data.getFeatures(0).toFloatMatrix()).isEqualTo(new float[][] {{1, 2, 0}, {3, 4, 5}});
        assertThat(data.getFeatures(1).toFloatMatrix()).isEqualTo(new float[][] {{0, 1, 0}, {1, 1, 0}});
        assertThat(data.getFeaturesMaskArray(1).toFloatMatrix()).isEqualTo(new float[][] {{1, 1, 0}, {1, 1, 1}});
        assertThat(data.getLabelsMaskArray(0).toFloatMatrix()).isEqualTo(new float[][] {{0, 1, 0}, {1, 1, 1}});
        assertThat(data.getLabels(0).shape()).containsExactly(2, ToyTasks.SYMBOLS, 3);
        assertThat(data.getLabels(0).getFloat(0, 3, 1)).isEqualTo(1f);
        assertThat(data.getLabels(0).getFloat(1, 2, 2)).isEqualTo(1f);
        assertThat(data.getLabels(0).sumNumber().intValue()).isEqualTo(4);
    }

    @Test
    void masksNumericStepsWhoseTargetIsNaN() {
        NumericSequence sequence = new NumericSequence(new float[][] {{0.5f}, {0.7f}}, new float[][] {{0.7f}, {Float.NaN}});

        MultiDataSet data = SequenceDataSets.of(ToyTasks.sineSpec(), List.of(sequence));

        assertThat(data.getFeatures(0).shape()).containsExactly(1, 1, 2);
        assertThat(data.getLabelsMaskArray(0).toFloatMatrix()).isEqualTo(new float[][] {{1, 0}});
        assertThat(data.getLabels(0).getFloat(0, 0, 1)).isZero(); // NaN must not reach the loss even times zero
    }

    @Test
    void trainingBatchesReadSomeKnownIdsAsUnknownOnlyInSlotsThatAskForIt() {
        ModelSpec spec = new ModelSpec(ModelSpec.InputSpec.tokens(List.of(
                new ModelSpec.TokenSlot("word", 100, 4, false, 0.3), new ModelSpec.TokenSlot("suffix", 100, 4))),
                CellType.LSTM, 4, 1, 0.0, ModelSpec.HeadSpec.softmax(2));
        int steps = 10_000;
        int[] words = IntStream.range(0, steps).map(t -> t % 100).toArray();
        TokenSequence sequence = new TokenSequence(new int[][] {words, words.clone()}, new int[steps]);

        MultiDataSet training = SequenceDataSets.of(spec, List.of(sequence), new Random(5));
        MultiDataSet validation = SequenceDataSets.of(spec, List.of(sequence));

        float[] word = training.getFeatures(0).toFloatVector();
        long replaced = IntStream.range(0, steps).filter(t -> word[t] != words[t]).count();
        assertThat(IntStream.range(0, steps).filter(t -> word[t] != words[t]).allMatch(t -> word[t] == 1 && words[t] > 1)).isTrue();
        assertThat(replaced).isBetween(2600L, 3280L); // 30% of the 9,800 ids above unknown, give or take 4 sigma
        assertThat(training.getFeatures(1).toFloatVector()).containsExactly(validation.getFeatures(1).toFloatVector());
        assertThat(validation.getFeatures(0).toFloatVector()).containsExactly(toFloats(words));
    }

    private static float[] toFloats(int[] ids) {
        float[] floats = new float[ids.length];
        for (int i = 0; i < ids.length; i++) {
            floats[i] = ids[i];
        }
        return floats;
    }

    @Test
    void rejectsIdsOutsideTheSlotVocabulary() {
        TokenSequence outOfRange = new TokenSequence(new int[][] {{ToyTasks.SYMBOLS}, {0}}, new int[] {0});

        assertThatThrownBy(() -> SequenceDataSets.of(ToyTasks.switchedCopySpec(0), List.of(outOfRange)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("symbol");
    }

    @Test
    void miniBatchesGroupSimilarLengthsCoverEverySequenceOnceAndDependOnlyOnTheSeed() {
        List<TrainingSequence> sequences = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>(IntStream.rangeClosed(1, 100).boxed().toList());
        Collections.shuffle(lengths, new Random(1));
        for (int length : lengths) {
            sequences.add(TokenSequence.of(new int[length], new int[length]));
        }

        List<int[]> plan = MiniBatches.plan(sequences, 10, new Random(5));

        assertThat(plan.stream().flatMapToInt(Arrays::stream).sorted().toArray())
                .containsExactly(IntStream.range(0, 100).toArray());
        assertThat(plan).allSatisfy(batch -> {
            int[] batchLengths = Arrays.stream(batch).map(index -> sequences.get(index).length()).toArray();
            assertThat(Arrays.stream(batchLengths).max().getAsInt() - Arrays.stream(batchLengths).min().getAsInt())
                    .isEqualTo(9);
        });
        assertThat(MiniBatches.plan(sequences, 10, new Random(5))).usingRecursiveComparison().isEqualTo(plan);
        int[] firstLengths = plan.stream().mapToInt(batch -> sequences.get(batch[0]).length()).toArray();
        assertThat(firstLengths).as("batches are shuffled, not in length order")
                .isNotEqualTo(Arrays.stream(firstLengths).sorted().toArray());
    }
}

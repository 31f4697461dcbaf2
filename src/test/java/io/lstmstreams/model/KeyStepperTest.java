package io.lstmstreams.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class KeyStepperTest {

    private static final ModelSpec TWO_SLOTS = new ModelSpec(ModelSpec.InputSpec.tokens(List.of(
            new ModelSpec.TokenSlot("word", 40, 8), new ModelSpec.TokenSlot("suffix", 12, 4))),
            CellType.LSTM, 16, 2, 0.0, ModelSpec.HeadSpec.softmax(7));

    @ParameterizedTest
    @EnumSource(CellType.class)
    void stepsWithoutAllocatingOnceWarm(CellType cell) {
        ModelSpec spec = new ModelSpec(TWO_SLOTS.input(), cell, TWO_SLOTS.hiddenSize(), TWO_SLOTS.layers(), 0.0, TWO_SLOTS.head());
        ComputationGraph network = Dl4jReference.randomNetwork(spec, 5);
        if (cell == CellType.RNN_RELU) {
            network.params().muli(0.1); // ReLU is unbounded: weights up to 0.5 make h overflow within 60k steps
        }
        KeyStepper stepper = new KeyStepper(Dl4jWeights.extract(network, spec));
        RecurrentState state = RecurrentState.zeros(spec, 1);
        int[] ids = {3, 7};
        float[] output = new float[7];
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (int i = 0; i < 50_000; i++) {
            ids[0] = i % 40;
            stepper.step(state, ids, output);
        }

        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 10_000; i++) {
            ids[0] = i % 40;
            stepper.step(state, ids, output);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertThat(allocated).as("bytes allocated by 10k steps").isLessThan(1_000);
        float sum = 0;
        for (float p : output) {
            sum += p;
        }
        assertThat(sum).isCloseTo(1f, within(1e-5f));
    }

    /**
     * Several keys in one call go through the four-keys kernel (and one-key tails); each key's sums are the same fma
     * in the same order as alone, so outputs and states are equal bit for bit, on sizes that fill whole blocks of
     * columns and sizes that leave parts.
     */
    @ParameterizedTest
    @CsvSource({"LSTM,64,9", "GRU,64,4", "RNN,64,7", "RNN_RELU,64,5", "LSTM,50,6", "GRU,50,1"})
    void severalKeysAtOnceStepExactlyAsEachAlone(CellType cell, int hidden, int keys) {
        ModelSpec spec = new ModelSpec(TWO_SLOTS.input(), cell, hidden, 2, 0.0, TWO_SLOTS.head());
        ComputationGraph network = Dl4jReference.randomNetwork(spec, 11);
        if (cell == CellType.RNN_RELU) {
            network.params().muli(0.1);
        }
        RecurrentModel model = Dl4jWeights.extract(network, spec);
        KeyStepper together = new KeyStepper(model);
        KeyStepper alone = new KeyStepper(model);
        List<RecurrentState> batchStates = new ArrayList<>();
        List<RecurrentState> aloneStates = new ArrayList<>();
        for (int key = 0; key < keys; key++) {
            batchStates.add(RecurrentState.zeros(spec, 1));
            aloneStates.add(RecurrentState.zeros(spec, 1));
        }
        Random random = new Random(hidden + keys);
        for (int step = 0; step < 5; step++) {
            int[][] ids = new int[keys][];
            for (int key = 0; key < keys; key++) {
                ids[key] = new int[] {random.nextInt(40), random.nextInt(12)};
            }
            float[][] outputs = new float[keys][7];
            together.step(batchStates, ids, outputs);
            for (int key = 0; key < keys; key++) {
                float[] output = new float[7];
                alone.step(aloneStates.get(key), ids[key], output);
                assertThat(outputs[key]).as("step " + step + " key " + key).containsExactly(output);
                assertThat(batchStates.get(key)).as("state after step " + step + " key " + key).isEqualTo(aloneStates.get(key));
            }
        }
    }

    @Test
    void stepsSeveralKeysWithoutAllocatingOnceWarm() {
        ModelSpec spec = new ModelSpec(TWO_SLOTS.input(), CellType.LSTM, 64, 2, 0.0, TWO_SLOTS.head());
        KeyStepper stepper = new KeyStepper(Dl4jWeights.extract(Dl4jReference.randomNetwork(spec, 5), spec));
        List<RecurrentState> states = new ArrayList<>();
        for (int key = 0; key < 9; key++) {
            states.add(RecurrentState.zeros(spec, 1));
        }
        int[][] ids = new int[9][2];
        float[][] outputs = new float[9][7];
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (int i = 0; i < 20_000; i++) {
            ids[i % 9][0] = i % 40;
            stepper.step(states, ids, outputs);
        }

        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 2_000; i++) {
            ids[i % 9][0] = i % 40;
            stepper.step(states, ids, outputs);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertThat(allocated).as("bytes allocated by 2k calls of 9 keys").isLessThan(1_000);
    }

    @Test
    void refusesATokenIdOutsideItsSlotsVocabulary() {
        KeyStepper stepper = new KeyStepper(Dl4jWeights.extract(Dl4jReference.randomNetwork(TWO_SLOTS, 5), TWO_SLOTS));
        RecurrentState state = RecurrentState.zeros(TWO_SLOTS, 1);

        assertThatThrownBy(() -> stepper.step(state, new int[] {3, 12}, new float[7]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slot suffix").hasMessageContaining("[0, 12)");
        assertThatThrownBy(() -> stepper.step(state, new int[] {-1, 0}, new float[7]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slot word");
        assertThat(state).isEqualTo(RecurrentState.zeros(TWO_SLOTS, 1));
    }

    @Test
    void refusesAStateOfAnotherShape() {
        KeyStepper stepper = new KeyStepper(Dl4jWeights.extract(Dl4jReference.randomNetwork(TWO_SLOTS, 5), TWO_SLOTS));
        RecurrentState oneLayer = new RecurrentState(1, 1, 16, 2);

        assertThatThrownBy(() -> stepper.step(oneLayer, new int[] {1, 1}, new float[7]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
    }

    /**
     * The Vector API form against the scalar one, on hidden sizes that fill whole blocks of columns and sizes that
     * leave parts (a GRU x row then ends inside a block). The two sum the same terms in another order, so they may
     * differ by float32 rounding: per column at most 2 n u times the sum of the terms' magnitudes, n terms, u = 2^-24.
     */
    @ParameterizedTest
    @CsvSource({"LSTM,64,32", "GRU,64,32", "RNN,64,32", "LSTM,50,13", "GRU,50,13", "GRU,7,3", "RNN,5,2", "LSTM,256,418"})
    void theVectorFormSumsWhatTheScalarFormSums(CellType cell, int hidden, int inputs) {
        Random random = new Random(hidden * 31L + inputs);
        int rows = cell.gates() * hidden;
        float[][] wIh = uniform(random, rows, inputs);
        float[][] wHh = uniform(random, rows, hidden);
        float[][] biases = uniform(random, 2, rows);
        float[] x = uniform(random, 1, inputs)[0];
        float[] h = uniform(random, 1, hidden)[0];
        LayerWeights weights = LayerWeights.fromPyTorch(cell, wIh, wHh, biases[0], biases[1]);
        float[] scalar = new float[weights.columns()];
        float[] vector = new float[weights.columns()];
        float[] magnitudes = new float[weights.columns()]; // sum of |terms| per column, for the rounding bound
        KeyStepper.gates(weights, KeyStepper.spans(weights), x, h, scalar);
        VectorGates.gates(weights, VectorGates.plan(weights), x, h, new float[inputs + hidden], vector);
        LayerWeights absolute = LayerWeights.fromPyTorch(cell, abs(wIh), abs(wHh), abs(biases)[0], abs(biases)[1]);
        KeyStepper.gates(absolute, KeyStepper.spans(absolute), abs(new float[][] {x})[0], abs(new float[][] {h})[0],
                magnitudes);

        assertThat(KeyStepper.VECTOR_API).as("the tests run with --add-modules jdk.incubator.vector").isTrue();
        double unitRoundoff = Math.pow(2, -24);
        int terms = inputs + hidden + 2;
        for (int column = 0; column < scalar.length; column++) {
            assertThat(vector[column]).as("column " + column)
                    .isCloseTo(scalar[column], within((float) (2 * terms * unitRoundoff * magnitudes[column])));
        }
    }

    /**
     * An ensemble's layer is block-diagonal: member k's gate rows read only member k's inputs. Both forms skip the
     * zeros, which must change no sum: the scalar form equals the plain sum over every weight bit for bit, the vector
     * form within its rounding bound (it sums in another order), and the scalar form adds only the non-zero weights,
     * at most 1/K of those stored.
     */
    @ParameterizedTest
    @CsvSource({"LSTM,64,16,3", "GRU,64,16,3", "RNN,50,13,2", "LSTM,32,8,4"})
    void skippingAnEnsemblesZeroBlocksChangesNoSum(CellType cell, int memberHidden, int memberInputs, int members) {
        Random random = new Random(memberHidden * 7L + members);
        int hidden = members * memberHidden;
        int inputs = members * memberInputs;
        int rows = cell.gates() * hidden;
        float[][] wIh = new float[rows][inputs];
        float[][] wHh = new float[rows][hidden];
        for (int row = 0; row < rows; row++) {
            int member = row % hidden / memberHidden;
            for (int in = 0; in < memberInputs; in++) {
                wIh[row][member * memberInputs + in] = random.nextFloat() * 2 - 1;
            }
            for (int in = 0; in < memberHidden; in++) {
                wHh[row][member * memberHidden + in] = random.nextFloat() * 2 - 1;
            }
        }
        float[][] biases = uniform(random, 2, rows);
        float[] x = uniform(random, 1, inputs)[0];
        float[] h = uniform(random, 1, hidden)[0];
        LayerWeights weights = LayerWeights.fromPyTorch(cell, wIh, wHh, biases[0], biases[1]);
        float[] everyWeight = weights.bias();
        float[] magnitudes = new float[weights.columns()];
        for (int row = 0; row < inputs + hidden; row++) {
            float a = row < inputs ? x[row] : h[row - inputs];
            float[] w = weights.rows[row];
            for (int column = 0; column < w.length; column++) {
                everyWeight[column] += a * w[column];
                magnitudes[column] += Math.abs(a * w[column]);
            }
        }
        float[] scalar = new float[weights.columns()];
        float[] vector = new float[weights.columns()];
        int[][] spans = KeyStepper.spans(weights);
        KeyStepper.gates(weights, spans, x, h, scalar);
        VectorGates.gates(weights, VectorGates.plan(weights), x, h, new float[inputs + hidden], vector);

        assertThat(scalar).containsExactly(everyWeight);
        double unitRoundoff = Math.pow(2, -24);
        for (int column = 0; column < scalar.length; column++) {
            assertThat(vector[column]).as("column " + column).isCloseTo(everyWeight[column],
                    within((float) (2 * (inputs + hidden + 2) * unitRoundoff * (magnitudes[column] + Math.abs(weights.bias[column])))));
        }
        long added = 0;
        long nonZero = 0;
        long stored = 0;
        for (int row = 0; row < spans.length; row++) {
            for (int span = 0; span < spans[row].length; span += 2) {
                added += spans[row][span + 1] - spans[row][span];
            }
            for (float w : weights.rows[row]) {
                nonZero += w != 0 ? 1 : 0;
            }
            stored += weights.rows[row].length;
        }
        assertThat(added).as("weights the scalar form adds").isEqualTo(nonZero).isLessThanOrEqualTo(stored / members);
    }

    @Test
    void aRowsSpansLeaveOutLongRunsOfZerosAndKeepShortOnes() {
        float[] row = new float[60];
        row[2] = 1;
        row[5] = 2; // two zeros between: one span
        row[5 + KeyStepper.MIN_SKIPPED_ZEROS + 1] = 3; // a long run between: another span
        row[40] = 4;
        LayerWeights weights = LayerWeights.fromPyTorch(CellType.RNN, new float[][] {{1}}, new float[][] {{1}},
                new float[1], new float[1]);
        weights.rows[0] = row;

        assertThat(KeyStepper.spans(weights)[0]).containsExactly(2, 6, 22, 23, 40, 41);
        assertThat(KeyStepper.spans(weights)[1]).containsExactly(0, 1);
    }

    private static float[][] uniform(Random random, int rows, int columns) {
        float[][] values = new float[rows][columns];
        for (float[] row : values) {
            for (int j = 0; j < columns; j++) {
                row[j] = random.nextFloat() * 2 - 1;
            }
        }
        return values;
    }

    private static float[][] abs(float[][] values) {
        float[][] magnitudes = new float[values.length][];
        for (int i = 0; i < values.length; i++) {
            magnitudes[i] = values[i].clone();
            for (int j = 0; j < magnitudes[i].length; j++) {
                magnitudes[i][j] = Math.abs(magnitudes[i][j]);
            }
        }
        return magnitudes;
    }
}

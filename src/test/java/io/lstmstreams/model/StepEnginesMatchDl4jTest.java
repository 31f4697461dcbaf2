package io.lstmstreams.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both step engines against DL4J on random networks: its {@code rnnTimeStep} one event at a time for the layers DL4J
 * has (LSTM, SimpleRnn), and its forward pass over the whole sequence for every cell, {@link GruLayer} included.
 */
class StepEnginesMatchDl4jTest {

    private static final int KEYS = 4;
    private static final int STEPS = 7;
    private static final MaxDifference KEY_STEPPER = new MaxDifference("KeyStepper vs DL4J");
    private static final MaxDifference BATCH_STEPPER = new MaxDifference("BatchStepper vs DL4J");
    private static final MaxDifference KEY_SEQUENCE = new MaxDifference("KeyStepper vs DL4J's whole-sequence forward pass");
    private static final MaxDifference BATCH_SEQUENCE = new MaxDifference("BatchStepper vs DL4J's whole-sequence forward pass");

    static Stream<Arguments> models() {
        return Stream.of(CellType.LSTM, CellType.RNN, CellType.RNN_RELU).flatMap(StepEnginesMatchDl4jTest::models);
    }

    static Stream<Arguments> allCells() {
        return Arrays.stream(CellType.values()).flatMap(StepEnginesMatchDl4jTest::models);
    }

    private static Stream<Arguments> models(CellType cell) {
        List<ModelSpec> specs = Stream.of(
                new ModelSpec(ModelSpec.InputSpec.tokens(30, 6), CellType.LSTM, 8, 1, 0.0, ModelSpec.HeadSpec.softmax(5)),
                new ModelSpec(ModelSpec.InputSpec.tokens(List.of(new ModelSpec.TokenSlot("word", 40, 8),
                        new ModelSpec.TokenSlot("suffix", 12, 4))), CellType.LSTM, 10, 2, 0.0, ModelSpec.HeadSpec.softmax(7)),
                new ModelSpec(ModelSpec.InputSpec.features(5), CellType.LSTM, 12, 1, 0.0, ModelSpec.HeadSpec.regression(3)),
                new ModelSpec(ModelSpec.InputSpec.features(4), CellType.LSTM, 6, 2, 0.0, ModelSpec.HeadSpec.softmax(4)))
                .map(spec -> new ModelSpec(spec.input(), cell, spec.hiddenSize(), spec.layers(), spec.dropout(), spec.head()))
                .toList();
        return specs.stream().flatMap(spec -> Stream.of(1L, 2L, 3L).map(seed -> Arguments.of(spec, seed)));
    }

    @ParameterizedTest
    @MethodSource("models")
    void keyAndBatchSteppersFollowRnnTimeStepEventByEvent(ModelSpec spec, long seed) {
        ComputationGraph network = Dl4jReference.randomNetwork(spec, seed);
        Engines engines = new Engines(spec, Dl4jWeights.extract(network, spec));
        Random random = new Random(seed);

        for (int step = 0; step < STEPS; step++) {
            Events events = Events.random(spec, random);
            engines.step(events, events.dl4j(network), "step " + step, KEY_STEPPER, BATCH_STEPPER);
        }
        for (int layer = 0; layer < spec.layers(); layer++) {
            for (int index = 0; index < spec.cell().stateVectors(); index++) {
                float[][] expected = Dl4jReference.state(network, spec.cell(), layer, index);
                KEY_STEPPER.compare("layer " + layer + " vector " + index, expected, vectors(engines.keyStates, layer, index));
                BATCH_STEPPER.compare("layer " + layer + " vector " + index, expected, vectors(engines.batchStates, layer, index));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("allCells")
    void keyAndBatchSteppersFollowTheForwardPassOverTheWholeSequence(ModelSpec spec, long seed) {
        ComputationGraph network = Dl4jReference.randomNetwork(spec, seed);
        Engines engines = new Engines(spec, Dl4jWeights.extract(network, spec));
        Random random = new Random(seed);
        List<Events> sequence = IntStream.range(0, STEPS).mapToObj(step -> Events.random(spec, random)).toList();
        float[][][] expected = Events.dl4j(network, sequence);

        for (int step = 0; step < STEPS; step++) {
            engines.step(sequence.get(step), expected[step], spec.cell() + " step " + step, KEY_SEQUENCE, BATCH_SEQUENCE);
        }
    }

    @AfterAll
    static void reportMaxDifferences() {
        KEY_STEPPER.report();
        BATCH_STEPPER.report();
        KEY_SEQUENCE.report();
        BATCH_SEQUENCE.report();
    }

    private static List<RecurrentState> zeros(ModelSpec spec) {
        return new ArrayList<>(IntStream.range(0, KEYS).mapToObj(key -> RecurrentState.zeros(spec, 1)).toList());
    }

    private static float[][] vectors(List<RecurrentState> states, int layer, int index) {
        return states.stream().map(state -> state.vector(layer, index)).toArray(float[][]::new);
    }

    /** Both engines, each with its own states of {@link #KEYS} keys, stepped side by side. */
    private static final class Engines {
        final KeyStepper keyStepper;
        final BatchStepper batchStepper;
        final List<RecurrentState> keyStates;
        final List<RecurrentState> batchStates;
        final int outputs;

        Engines(ModelSpec spec, RecurrentModel model) {
            keyStepper = new KeyStepper(model);
            batchStepper = new BatchStepper(model);
            keyStates = zeros(spec);
            batchStates = zeros(spec);
            outputs = spec.head().outputs();
        }

        /** One event per key through both engines, each output compared with {@code expected[key]}. */
        void step(Events events, float[][] expected, String where, MaxDifference keyDifference, MaxDifference batchDifference) {
            float[][] batchOutputs = new float[KEYS][outputs];
            events.step(batchStepper, batchStates, batchOutputs);
            for (int key = 0; key < KEYS; key++) {
                float[] output = new float[outputs];
                events.step(keyStepper, keyStates.get(key), key, output);
                keyDifference.compare(where + " key " + key, expected[key], output);
            }
            batchDifference.compare(where, expected, batchOutputs);
        }
    }

    /** One event per key, token ids or features, fed the same way to DL4J and to both engines. */
    private record Events(int[][] ids, float[][] features) {

        static Events random(ModelSpec spec, Random random) {
            if (spec.input().isTokens()) {
                List<ModelSpec.TokenSlot> slots = spec.input().slots();
                int[][] ids = new int[KEYS][slots.size()];
                for (int[] key : ids) {
                    for (int slot = 0; slot < key.length; slot++) {
                        key[slot] = random.nextInt(slots.get(slot).vocabularySize());
                    }
                }
                return new Events(ids, null);
            }
            float[][] features = new float[KEYS][spec.inputWidth()];
            for (float[] key : features) {
                for (int i = 0; i < key.length; i++) {
                    key[i] = (float) random.nextGaussian();
                }
            }
            return new Events(null, features);
        }

        float[][] dl4j(ComputationGraph network) {
            return ids != null ? Dl4jReference.step(network, ids) : Dl4jReference.step(network, features);
        }

        /** DL4J's output {@code [step][key][outputs]} for the whole sequence of events, in one forward pass. */
        static float[][][] dl4j(ComputationGraph network, List<Events> sequence) {
            return sequence.get(0).ids != null
                    ? Dl4jReference.sequence(network, sequence.stream().map(Events::ids).toArray(int[][][]::new))
                    : Dl4jReference.sequence(network, sequence.stream().map(Events::features).toArray(float[][][]::new));
        }

        void step(KeyStepper stepper, RecurrentState state, int key, float[] output) {
            if (ids != null) {
                stepper.step(state, ids[key], output);
            } else {
                stepper.step(state, features[key], output);
            }
        }

        void step(BatchStepper stepper, List<RecurrentState> states, float[][] outputs) {
            if (ids != null) {
                stepper.step(states, ids, outputs);
            } else {
                stepper.step(states, features, outputs);
            }
        }
    }
}

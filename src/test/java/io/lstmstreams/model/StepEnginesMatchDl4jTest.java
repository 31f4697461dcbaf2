package io.lstmstreams.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Both step engines against DL4J's {@code rnnTimeStep} on random networks, one event at a time. */
class StepEnginesMatchDl4jTest {

    private static final int KEYS = 4;
    private static final int STEPS = 7;
    private static final MaxDifference KEY_STEPPER = new MaxDifference("KeyStepper vs DL4J");
    private static final MaxDifference BATCH_STEPPER = new MaxDifference("BatchStepper vs DL4J");

    static Stream<Arguments> models() {
        List<ModelSpec> specs = List.of(
                new ModelSpec(ModelSpec.InputSpec.tokens(30, 6), CellType.LSTM, 8, 1, 0.0, ModelSpec.HeadSpec.softmax(5)),
                new ModelSpec(ModelSpec.InputSpec.tokens(List.of(new ModelSpec.TokenSlot("word", 40, 8),
                        new ModelSpec.TokenSlot("suffix", 12, 4))), CellType.LSTM, 10, 2, 0.0, ModelSpec.HeadSpec.softmax(7)),
                new ModelSpec(ModelSpec.InputSpec.features(5), CellType.LSTM, 12, 1, 0.0, ModelSpec.HeadSpec.regression(3)),
                new ModelSpec(ModelSpec.InputSpec.features(4), CellType.LSTM, 6, 2, 0.0, ModelSpec.HeadSpec.softmax(4)));
        return specs.stream().flatMap(spec -> Stream.of(1L, 2L, 3L).map(seed -> Arguments.of(spec, seed)));
    }

    @ParameterizedTest
    @MethodSource("models")
    void keyAndBatchSteppersFollowRnnTimeStepEventByEvent(ModelSpec spec, long seed) {
        ComputationGraph network = Dl4jReference.randomNetwork(spec, seed);
        LstmModel model = Dl4jWeights.extract(network, spec);
        KeyStepper keyStepper = new KeyStepper(model);
        BatchStepper batchStepper = new BatchStepper(model);
        List<RecurrentState> keyStates = zeros(spec);
        List<RecurrentState> batchStates = zeros(spec);
        Random random = new Random(seed);
        int outputs = spec.head().outputs();

        for (int step = 0; step < STEPS; step++) {
            Events events = Events.random(spec, random);
            float[][] expected = events.dl4j(network);
            float[][] batchOutputs = new float[KEYS][outputs];
            events.step(batchStepper, batchStates, batchOutputs);
            for (int key = 0; key < KEYS; key++) {
                float[] output = new float[outputs];
                events.step(keyStepper, keyStates.get(key), key, output);
                KEY_STEPPER.compare("step " + step + " key " + key, expected[key], output);
            }
            BATCH_STEPPER.compare("step " + step, expected, batchOutputs);
        }
        for (int layer = 0; layer < spec.layers(); layer++) {
            for (int index : new int[] {RecurrentState.HIDDEN, RecurrentState.CELL}) {
                float[][] expected = Dl4jReference.state(network, layer, index);
                KEY_STEPPER.compare("layer " + layer + " vector " + index, expected, vectors(keyStates, layer, index));
                BATCH_STEPPER.compare("layer " + layer + " vector " + index, expected, vectors(batchStates, layer, index));
            }
        }
    }

    @AfterAll
    static void reportMaxDifferences() {
        KEY_STEPPER.report();
        BATCH_STEPPER.report();
    }

    private static List<RecurrentState> zeros(ModelSpec spec) {
        return new ArrayList<>(IntStream.range(0, KEYS).mapToObj(key -> RecurrentState.zeros(spec, 1)).toList());
    }

    private static float[][] vectors(List<RecurrentState> states, int layer, int index) {
        return states.stream().map(state -> state.vector(layer, index)).toArray(float[][]::new);
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

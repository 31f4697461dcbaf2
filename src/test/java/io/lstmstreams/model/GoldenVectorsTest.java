package io.lstmstreams.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Both engines, and DL4J loaded through {@link Dl4jWeights#load}, against golden vectors from an independent numpy
 * implementation of PyTorch's LSTM equations ({@code src/test/python/make_lstm_golden.py}). The model reads the
 * golden inputs as features and its head is the identity, so the output is the top layer's h.
 */
class GoldenVectorsTest {

    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final MaxDifference KEY_STEPPER = new MaxDifference("KeyStepper vs golden");
    private static final MaxDifference BATCH_STEPPER = new MaxDifference("BatchStepper vs golden");
    private static final MaxDifference DL4J = new MaxDifference("DL4J (weights loaded) vs golden");

    @ParameterizedTest
    @ValueSource(strings = {"one_layer_zero_state", "two_layers", "wide_input", "two_layers_h32_saturating"})
    void keyStepperFollowsPyTorchEquations(String name) throws IOException {
        Golden golden = Golden.load(name);
        KeyStepper stepper = new KeyStepper(golden.model());
        List<RecurrentState> states = golden.initialStates();
        for (int step = 0; step < golden.steps(); step++) {
            float[][] outputs = new float[states.size()][golden.hiddenSize()];
            for (int key = 0; key < states.size(); key++) {
                stepper.step(states.get(key), golden.inputs()[step][key], outputs[key]);
            }
            golden.check(KEY_STEPPER, step, states, outputs);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"one_layer_zero_state", "two_layers", "wide_input", "two_layers_h32_saturating"})
    void batchStepperFollowsPyTorchEquations(String name) throws IOException {
        Golden golden = Golden.load(name);
        BatchStepper stepper = new BatchStepper(golden.model());
        List<RecurrentState> states = golden.initialStates();
        for (int step = 0; step < golden.steps(); step++) {
            float[][] outputs = new float[states.size()][golden.hiddenSize()];
            stepper.step(states, golden.inputs()[step], outputs);
            golden.check(BATCH_STEPPER, step, states, outputs);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"one_layer_zero_state", "two_layers", "wide_input", "two_layers_h32_saturating"})
    void dl4jLoadedWithPyTorchWeightsFollowsPyTorchEquations(String name) throws IOException {
        Golden golden = Golden.load(name);
        LstmModel model = golden.model();
        ComputationGraph network = Networks.create(model.spec(), new Adam(1e-3), 0, 1);
        Dl4jWeights.load(model, network);
        Dl4jReference.setState(network, golden.initialStates());
        for (int step = 0; step < golden.steps(); step++) {
            float[][] outputs = Dl4jReference.step(network, golden.inputs()[step]);
            List<RecurrentState> states = golden.initialStates();
            for (int layer = 0; layer < golden.layers().size(); layer++) {
                for (int index : new int[] {RecurrentState.HIDDEN, RecurrentState.CELL}) {
                    float[][] vectors = Dl4jReference.state(network, layer, index);
                    for (int key = 0; key < states.size(); key++) {
                        System.arraycopy(vectors[key], 0, states.get(key).vector(layer, index), 0, golden.hiddenSize());
                    }
                }
            }
            golden.check(DL4J, step, states, outputs);
        }
    }

    @AfterAll
    static void reportMaxDifferences() {
        KEY_STEPPER.report();
        BATCH_STEPPER.report();
        DL4J.report();
    }

    /** One golden case, as the Python script writes it: state arrays are [layer][key][H], per-step ones [step][...]. */
    record Golden(String name, int inputSize, int hiddenSize, List<Layer> layers, float[][][] h0, float[][][] c0,
                  float[][][] inputs, float[][][][] h, float[][][][] c) {

        record Layer(@JsonProperty("w_ih") float[][] wIh, @JsonProperty("w_hh") float[][] wHh,
                     @JsonProperty("b_ih") float[] bIh, @JsonProperty("b_hh") float[] bHh) {
        }

        static Golden load(String name) throws IOException {
            try (InputStream in = GoldenVectorsTest.class.getResourceAsStream("/golden/" + name + ".json")) {
                return JSON.readValue(in, Golden.class);
            }
        }

        int steps() {
            return inputs.length;
        }

        /** Feature input, PyTorch's weights, and an identity regression head so the output is the top layer's h. */
        LstmModel model() {
            ModelSpec spec = new ModelSpec(ModelSpec.InputSpec.features(inputSize), CellType.LSTM, hiddenSize, layers.size(),
                    0.0, ModelSpec.HeadSpec.regression(hiddenSize));
            float[] identity = new float[hiddenSize * hiddenSize];
            for (int i = 0; i < hiddenSize; i++) {
                identity[i * hiddenSize + i] = 1f;
            }
            LstmModel.Head head = new LstmModel.Head(ModelSpec.HeadSpec.HeadKind.REGRESSION, hiddenSize, hiddenSize,
                    identity, new float[hiddenSize]);
            List<LstmWeights> weights = layers.stream()
                    .map(layer -> LstmWeights.fromPyTorch(layer.wIh(), layer.wHh(), layer.bIh(), layer.bHh())).toList();
            return new LstmModel(spec, List.of(), weights, head);
        }

        List<RecurrentState> initialStates() {
            List<RecurrentState> states = new ArrayList<>();
            IntStream.range(0, h0[0].length).forEach(key -> {
                RecurrentState state = new RecurrentState(0, layers.size(), hiddenSize, CellType.LSTM.stateVectors());
                for (int layer = 0; layer < layers.size(); layer++) {
                    System.arraycopy(h0[layer][key], 0, state.vector(layer, RecurrentState.HIDDEN), 0, hiddenSize);
                    System.arraycopy(c0[layer][key], 0, state.vector(layer, RecurrentState.CELL), 0, hiddenSize);
                }
                states.add(state);
            });
            return states;
        }

        /** Every key's h and c of every layer after {@code step}, and the output (the top layer's h). */
        void check(MaxDifference difference, int step, List<RecurrentState> states, float[][] outputs) {
            int top = layers.size() - 1;
            for (int key = 0; key < states.size(); key++) {
                String where = name + " step " + step + " key " + key;
                difference.compare(where + " output", h[step][top][key], outputs[key]);
                for (int layer = 0; layer <= top; layer++) {
                    difference.compare(where + " layer " + layer + " h", h[step][layer][key],
                            states.get(key).vector(layer, RecurrentState.HIDDEN));
                    difference.compare(where + " layer " + layer + " c", c[step][layer][key],
                            states.get(key).vector(layer, RecurrentState.CELL));
                }
            }
        }
    }
}

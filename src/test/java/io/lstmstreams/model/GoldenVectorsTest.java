package io.lstmstreams.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Both engines, and DL4J loaded through {@link Dl4jWeights#load}, against golden vectors from an independent numpy
 * implementation of PyTorch's LSTM, GRU and Elman RNN equations ({@code src/test/python/make_golden.py}). The model
 * reads the golden inputs as features and its head is the identity, so the output is the top layer's h.
 */
class GoldenVectorsTest {

    static final List<String> LSTM_CASES = List.of("one_layer_zero_state", "two_layers", "wide_input", "two_layers_h32_saturating");
    static final List<String> GRU_CASES = List.of("gru_one_layer_zero_state", "gru_two_layers", "gru_wide_input",
            "gru_two_layers_h32_saturating", "gru_three_layers_zero_state");
    static final List<String> RNN_CASES = List.of("rnn_one_layer_zero_state", "rnn_two_layers", "rnn_two_layers_h32_saturating",
            "rnn_relu_one_layer_zero_state", "rnn_relu_three_layers");

    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    /** The largest differences, per engine and cell. */
    private static final Map<String, MaxDifference> DIFFERENCES = new ConcurrentSkipListMap<>();

    static Stream<String> cases() {
        return Stream.of(LSTM_CASES, GRU_CASES, RNN_CASES).flatMap(List::stream);
    }

    /** The cases DL4J can start from a given state: its own layers keep state for rnnTimeStep, GruLayer does not. */
    static Stream<String> casesWithDl4jState() {
        return Stream.of(LSTM_CASES, RNN_CASES).flatMap(List::stream);
    }

    /** The cases that start from h = 0, where a whole-sequence forward pass (the one training uses) applies. */
    static Stream<String> zeroStateCases() {
        return cases().filter(name -> name.endsWith("zero_state"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void keyStepperFollowsPyTorchEquations(String name) throws IOException {
        Golden golden = Golden.load(name);
        KeyStepper stepper = new KeyStepper(golden.model());
        List<RecurrentState> states = golden.initialStates();
        for (int step = 0; step < golden.steps(); step++) {
            float[][] outputs = new float[states.size()][golden.hiddenSize()];
            for (int key = 0; key < states.size(); key++) {
                stepper.step(states.get(key), golden.inputs()[step][key], outputs[key]);
            }
            golden.check(difference("KeyStepper", golden), step, states, outputs);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void batchStepperFollowsPyTorchEquations(String name) throws IOException {
        Golden golden = Golden.load(name);
        BatchStepper stepper = new BatchStepper(golden.model());
        List<RecurrentState> states = golden.initialStates();
        for (int step = 0; step < golden.steps(); step++) {
            float[][] outputs = new float[states.size()][golden.hiddenSize()];
            stepper.step(states, golden.inputs()[step], outputs);
            golden.check(difference("BatchStepper", golden), step, states, outputs);
        }
    }

    @ParameterizedTest
    @MethodSource("casesWithDl4jState")
    void dl4jLoadedWithPyTorchWeightsFollowsPyTorchEquations(String name) throws IOException {
        Golden golden = Golden.load(name);
        RecurrentModel model = golden.model();
        CellType cell = model.spec().cell();
        ComputationGraph network = Networks.create(model.spec(), new Adam(1e-3), 0, 1);
        Dl4jWeights.load(model, network);
        Dl4jReference.setState(network, cell, golden.initialStates());
        for (int step = 0; step < golden.steps(); step++) {
            float[][] outputs = Dl4jReference.step(network, golden.inputs()[step]);
            List<RecurrentState> states = golden.initialStates();
            for (int layer = 0; layer < golden.layers().size(); layer++) {
                for (int index = 0; index < cell.stateVectors(); index++) {
                    float[][] vectors = Dl4jReference.state(network, cell, layer, index);
                    for (int key = 0; key < states.size(); key++) {
                        System.arraycopy(vectors[key], 0, states.get(key).vector(layer, index), 0, golden.hiddenSize());
                    }
                }
            }
            golden.check(difference("DL4J (weights loaded)", golden), step, states, outputs);
        }
    }

    /** Every layer's h from DL4J's forward pass over the whole input, as training computes it: GruLayer included. */
    @ParameterizedTest
    @MethodSource("zeroStateCases")
    void dl4jForwardPassOverTheSequenceFollowsPyTorchEquations(String name) throws IOException {
        Golden golden = Golden.load(name);
        RecurrentModel model = golden.model();
        ComputationGraph network = Networks.create(model.spec(), new Adam(1e-3), 0, 1);
        Dl4jWeights.load(model, network);
        int keys = golden.h0()[0].length;
        Map<String, INDArray> activations = network.feedForward(Dl4jReference.ncw(golden.inputs()), false);
        int top = golden.layers().size() - 1;
        for (int step = 0; step < golden.steps(); step++) {
            for (int layer = 0; layer <= top; layer++) {
                INDArray h = activations.get(Networks.recurrentLayer(model.spec().cell(), layer));
                for (int key = 0; key < keys; key++) {
                    difference("DL4J whole-sequence forward pass", golden).compare(name + " step " + step + " key " + key + " layer " + layer + " h",
                            golden.h()[step][layer][key], h.get(NDArrayIndex.point(key), NDArrayIndex.all(),
                                    NDArrayIndex.point(step)).toFloatVector());
                }
            }
        }
    }

    @AfterAll
    static void reportMaxDifferences() {
        DIFFERENCES.values().forEach(MaxDifference::report);
    }

    private static MaxDifference difference(String engine, Golden golden) {
        return DIFFERENCES.computeIfAbsent(engine + " vs golden, " + golden.cell(), MaxDifference::new);
    }

    /**
     * One golden case, as the Python script writes it: state arrays are [layer][key][H], per-step ones [step][...];
     * c0 and c only for LSTM.
     */
    record Golden(String name, String cell, int inputSize, int hiddenSize, List<Layer> layers, float[][][] h0, float[][][] c0,
                  float[][][] inputs, float[][][][] h, float[][][][] c) {

        record Layer(@JsonProperty("w_ih") float[][] wIh, @JsonProperty("w_hh") float[][] wHh,
                     @JsonProperty("b_ih") float[] bIh, @JsonProperty("b_hh") float[] bHh) {

            LayerWeights weights(CellType cell) {
                return LayerWeights.fromPyTorch(cell, wIh, wHh, bIh, bHh);
            }
        }

        static Golden load(String name) throws IOException {
            try (InputStream in = GoldenVectorsTest.class.getResourceAsStream("/golden/" + name + ".json")) {
                return JSON.readValue(in, Golden.class);
            }
        }

        int steps() {
            return inputs.length;
        }

        CellType cellType() {
            return CellType.ofLabel(cell);
        }

        /** Feature input, PyTorch's weights, and an identity regression head so the output is the top layer's h. */
        RecurrentModel model() {
            ModelSpec spec = new ModelSpec(ModelSpec.InputSpec.features(inputSize), cellType(), hiddenSize, layers.size(),
                    0.0, ModelSpec.HeadSpec.regression(hiddenSize));
            float[] identity = new float[hiddenSize * hiddenSize];
            for (int i = 0; i < hiddenSize; i++) {
                identity[i * hiddenSize + i] = 1f;
            }
            RecurrentModel.Head head = new RecurrentModel.Head(ModelSpec.HeadSpec.HeadKind.REGRESSION, hiddenSize, hiddenSize,
                    identity, new float[hiddenSize]);
            List<LayerWeights> weights = layers.stream()
                    .map(layer -> layer.weights(cellType())).toList();
            return new RecurrentModel(spec, List.of(), weights, head);
        }

        List<RecurrentState> initialStates() {
            List<RecurrentState> states = new ArrayList<>();
            IntStream.range(0, h0[0].length).forEach(key -> {
                RecurrentState state = new RecurrentState(0, layers.size(), hiddenSize, cellType().stateVectors());
                for (int layer = 0; layer < layers.size(); layer++) {
                    System.arraycopy(h0[layer][key], 0, state.vector(layer, RecurrentState.HIDDEN), 0, hiddenSize);
                    if (c0 != null) {
                        System.arraycopy(c0[layer][key], 0, state.vector(layer, RecurrentState.CELL), 0, hiddenSize);
                    }
                }
                states.add(state);
            });
            return states;
        }

        /** Every key's h (and LSTM c) of every layer after {@code step}, and the output (the top layer's h). */
        void check(MaxDifference difference, int step, List<RecurrentState> states, float[][] outputs) {
            int top = layers.size() - 1;
            for (int key = 0; key < states.size(); key++) {
                String where = name + " step " + step + " key " + key;
                difference.compare(where + " output", h[step][top][key], outputs[key]);
                for (int layer = 0; layer <= top; layer++) {
                    difference.compare(where + " layer " + layer + " h", h[step][layer][key],
                            states.get(key).vector(layer, RecurrentState.HIDDEN));
                    if (c != null) {
                        difference.compare(where + " layer " + layer + " c", c[step][layer][key],
                                states.get(key).vector(layer, RecurrentState.CELL));
                    }
                }
            }
        }
    }
}

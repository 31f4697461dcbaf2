package io.lstmstreams.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The bidirectional network {@link Networks#create} builds, with PyTorch's weights loaded into both directions,
 * against golden outputs from the independent numpy implementation ({@code src/test/python/make_golden.py}, PyTorch's
 * {@code bidirectional=True}): every step's output is the forward h_t beside the backward h_t, for every cell.
 */
class BidirectionalGoldenTest {

    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final MaxDifference DIFFERENCE = new MaxDifference("DL4J bidirectional forward pass vs golden, every cell");

    @ParameterizedTest
    @ValueSource(strings = {"lstm_one_layer", "lstm_two_layers", "gru_two_layers", "rnn_two_layers_saturating", "rnn_relu_one_layer"})
    void forwardPassReadsTheSequenceBothWaysAsPyTorchDoes(String name) throws IOException {
        Golden golden = Golden.load(name);
        CellType cell = CellType.ofLabel(golden.cell());
        int layers = golden.forward().size();
        ModelSpec spec = new ModelSpec(ModelSpec.InputSpec.features(golden.inputSize()), cell, golden.hiddenSize(), layers,
                0.0, ModelSpec.HeadSpec.regression(1), true);
        ComputationGraph network = Networks.create(spec, new Adam(1e-3), 0, 1);
        for (int layer = 0; layer < layers; layer++) {
            String forward = Networks.recurrentLayer(cell, layer);
            Dl4jWeights.loadLayer(network, forward, golden.forward().get(layer).weights(cell));
            Dl4jWeights.loadLayer(network, forward + Networks.BACKWARD, golden.backward().get(layer).weights(cell));
        }
        Map<String, INDArray> activations = network.feedForward(Dl4jReference.ncw(golden.inputs()), false);
        INDArray top = activations.get(Networks.recurrentLayer(cell, layers - 1) + "_both");
        for (int step = 0; step < golden.inputs().length; step++) {
            for (int key = 0; key < golden.inputs()[step].length; key++) {
                DIFFERENCE.compare(name + " step " + step + " key " + key, golden.output()[step][key],
                        top.get(NDArrayIndex.point(key), NDArrayIndex.all(), NDArrayIndex.point(step)).toFloatVector());
            }
        }
    }

    @Test
    void theStepEnginesRefuseABidirectionalModel() {
        ModelSpec spec = new ModelSpec(ModelSpec.InputSpec.features(3), CellType.LSTM, 4, 1, 0.0,
                ModelSpec.HeadSpec.softmax(2), true);
        ComputationGraph network = Networks.create(spec, new Adam(1e-3), 0, 1);
        assertThatThrownBy(() -> Dl4jWeights.extract(network, spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bidirectional").hasMessageContaining("a stream needs a causal model");
    }

    @AfterAll
    static void reportMaxDifference() {
        DIFFERENCE.report();
    }

    record Golden(String name, String cell, int inputSize, int hiddenSize, List<GoldenVectorsTest.Golden.Layer> forward,
                  List<GoldenVectorsTest.Golden.Layer> backward, float[][][] inputs, float[][][] output) {

        static Golden load(String name) throws IOException {
            try (InputStream in = BidirectionalGoldenTest.class.getResourceAsStream("/golden/bidirectional/" + name + ".json")) {
                return JSON.readValue(in, Golden.class);
            }
        }
    }
}

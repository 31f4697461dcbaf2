package io.lstmstreams.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

class Dl4jWeightsTest {

    private static final ModelSpec SPEC = new ModelSpec(ModelSpec.InputSpec.tokens(List.of(
            new ModelSpec.TokenSlot("word", 20, 6), new ModelSpec.TokenSlot("shape", 5, 2))),
            CellType.LSTM, 9, 2, 0.0, ModelSpec.HeadSpec.softmax(4));

    @Test
    void loadingExtractedWeightsIntoAnotherNetworkReproducesItExactly() {
        ComputationGraph source = Dl4jReference.randomNetwork(SPEC, 11);
        ComputationGraph target = Dl4jReference.randomNetwork(SPEC, 12);

        Dl4jWeights.load(Dl4jWeights.extract(source, SPEC), target);

        assertThat(target.params().toFloatVector()).containsExactly(source.params().toFloatVector());
    }

    @Test
    void reordersDl4jGateBlocksIntoPyTorchOrder() {
        ComputationGraph network = Dl4jReference.randomNetwork(SPEC, 11);
        float[] dl4jBias = network.getLayer(Networks.recurrentLayer(CellType.LSTM, 0)).getParam("b").toFloatVector();
        int hidden = SPEC.hiddenSize();

        float[] bias = Dl4jWeights.extract(network, SPEC).layers().get(0).bias();

        // DL4J blocks: g=0, f=1, o=2, i=3; PyTorch blocks: i=0, f=1, g=2, o=3
        assertThat(bias[0]).isEqualTo(dl4jBias[3 * hidden]);
        assertThat(bias[hidden]).isEqualTo(dl4jBias[hidden]);
        assertThat(bias[2 * hidden]).isEqualTo(dl4jBias[0]);
        assertThat(bias[3 * hidden]).isEqualTo(dl4jBias[2 * hidden]);
    }
}

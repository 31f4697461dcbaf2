package io.lstmstreams.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

class NetworksTest {

    @Test
    void tokenSlotsAreEmbeddedAndConcatenatedBeforeTheRecurrentStack() {
        ModelSpec spec = new ModelSpec(
                ModelSpec.InputSpec.tokens(List.of(
                        new ModelSpec.TokenSlot("word", 50, 8), new ModelSpec.TokenSlot("suffix", 20, 4))),
                CellType.LSTM, 16, 2, 0.0, ModelSpec.HeadSpec.softmax(5));

        ComputationGraph network = Networks.create(spec, new Adam(1e-3), 1.0, 7);
        INDArray words = Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, 6}});
        INDArray suffixes = Nd4j.createFromArray(new float[][] {{0, 1, 2}, {3, 4, 5}});
        INDArray out = network.outputSingle(words, suffixes);

        assertThat(spec.inputWidth()).isEqualTo(12);
        assertThat(network.getLayer(Networks.recurrentLayer(CellType.LSTM, 0)).getParam("W").shape()).containsExactly(12, 64);
        assertThat(out.shape()).containsExactly(2, 5, 3);
        for (double sum : out.sum(1).castTo(DataType.DOUBLE).data().asDouble()) {
            assertThat(sum).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void featureInputFeedsTheRecurrentStackDirectlyAndRegressionHeadIsLinear() {
        ModelSpec spec = new ModelSpec(ModelSpec.InputSpec.features(3), CellType.LSTM, 8, 1, 0.2,
                ModelSpec.HeadSpec.regression(4));

        ComputationGraph network = Networks.create(spec, new Adam(1e-3), 0, 7);
        INDArray out = network.outputSingle(Nd4j.rand(DataType.FLOAT, 2, 3, 5));

        assertThat(Networks.inputNames(spec)).containsExactly(Networks.FEATURES_INPUT);
        assertThat(out.shape()).containsExactly(2, 4, 5);
    }
}

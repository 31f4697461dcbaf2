package io.lstmstreams.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The DL4J GRU layer as training uses it; its equations are checked against golden vectors in {@link GoldenVectorsTest}. */
class GruLayerTest {

    private static final ModelSpec SPEC = new ModelSpec(ModelSpec.InputSpec.features(3), CellType.GRU, 5, 2, 0.0,
            ModelSpec.HeadSpec.softmax(4));

    @Test
    void gradientsOfTwoStackedLayersMatchFiniteDifferences() {
        ComputationGraphConfiguration.GraphBuilder graph = new NeuralNetConfiguration.Builder().seed(3)
                .dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("features")
                .addLayer("gru0", new GruLayer(3, 5), "features")
                .addLayer("gru1", new GruLayer(5, 4), "gru0")
                .addLayer("head", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nIn(4).nOut(3).dataFormat(RNNFormat.NCW).build(), "gru1")
                .setOutputs("head");
        ComputationGraph network = new ComputationGraph(graph.build());
        network.init();
        // Biases start at 0; random ones make every gradient term count.
        network.params().assign(Nd4j.rand(DataType.DOUBLE, network.params().shape()).subi(0.5));
        Nd4j.getRandom().setSeed(4);
        INDArray input = Nd4j.rand(DataType.DOUBLE, 2, 3, 4);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 2, 3, 4);
        for (int key = 0; key < 2; key++) {
            for (int step = 0; step < 4; step++) {
                labels.putScalar(key, (key + step) % 3, step, 1.0);
            }
        }

        DataType global = Nd4j.dataType();
        boolean matches;
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE); // GradientCheckUtil insists on double everywhere
        try {
            matches = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(network)
                    .inputs(new INDArray[] {input}).labels(new INDArray[] {labels})
                    .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8));
        } finally {
            Nd4j.setDefaultDataTypes(global, global);
        }

        assertThat(matches).isTrue();
    }

    @Test
    void theFirstStepsOfASequenceGetWhatThatPrefixAloneGets() {
        ComputationGraph network = Dl4jReference.randomNetwork(SPEC, 1);
        INDArray whole = Nd4j.rand(DataType.FLOAT, 2, 3, 9);
        INDArray prefix = whole.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 4)).dup();

        INDArray wholeOutput = network.output(whole)[0];
        INDArray prefixOutput = network.output(prefix)[0];
        INDArray wholeAgain = network.output(whole)[0];

        // Each length has its own unrolled graph; the forward pass is causal, so the first four steps agree.
        assertThat(flat(prefixOutput)).containsExactly(
                flat(wholeOutput.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 4))), offset(1e-6f));
        assertThat(flat(wholeAgain)).containsExactly(flat(wholeOutput));
    }

    @ParameterizedTest
    @CsvSource({"4, 1", "1, 5", "1, 1"})
    void learnsFromOneStepSequencesAndFromBatchesOfOne(int sequences, int steps) {
        ComputationGraph network = Networks.create(SPEC, new Adam(1e-2), 0, 1);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, sequences, 4, steps);
        labels.get(NDArrayIndex.all(), NDArrayIndex.point(2), NDArrayIndex.all()).assign(1);
        MultiDataSet batch = new MultiDataSet(new INDArray[] {Nd4j.rand(DataType.FLOAT, sequences, 3, steps)},
                new INDArray[] {labels});
        double before = network.score(batch);

        for (int i = 0; i < 10; i++) {
            network.fit(batch); // h0 W_h is still in the graph, so its weights have a (zero) gradient
        }

        assertThat(network.score(batch)).isLessThan(before);
    }

    private static float[] flat(INDArray array) {
        return array.dup('c').data().asFloat();
    }

    @Test
    void trainsWithoutPrintingToStdout() {
        ComputationGraph network = Networks.create(SPEC, new Adam(1e-2), 0, 1);
        INDArray input = Nd4j.rand(DataType.FLOAT, 4, 3, 6);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 4, 4, 6);
        labels.get(NDArrayIndex.all(), NDArrayIndex.point(1), NDArrayIndex.all()).assign(1);
        MultiDataSet batch = new MultiDataSet(new INDArray[] {input}, new INDArray[] {labels});
        network.fit(batch);
        double before = network.score(batch);

        double after;
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            for (int i = 0; i < 20; i++) {
                network.fit(batch);
            }
            after = network.score(batch);
            network.fit(new MultiDataSet(new INDArray[] {input.get(NDArrayIndex.all(), NDArrayIndex.all(),
                    NDArrayIndex.interval(0, 5)).dup()}, new INDArray[] {labels.get(NDArrayIndex.all(), NDArrayIndex.all(),
                    NDArrayIndex.interval(0, 5)).dup()})); // a new length: a new gradient graph
        } finally {
            System.setOut(stdout);
        }

        assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(after).isLessThan(before);
    }
}

package io.lstmstreams.model;

import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Builds the DL4J network for a {@link ModelSpec}. Layer order: [embedding], recurrent layers, output head.
 * Dropout follows PyTorch's convention: between recurrent layers and before the head, plus after the
 * embedding (never on raw numeric features).
 */
public final class Networks {

    private Networks() {
    }

    /**
     * A freshly initialised network.
     *
     * @param updater      the optimiser (Adam, SGD, ...) used when the network is trained
     * @param gradientClip L2 norm each layer's gradient is clipped to; 0 or less disables clipping
     * @param seed         weight initialisation and dropout seed
     */
    public static MultiLayerNetwork create(ModelSpec spec, IUpdater updater, double gradientClip, long seed) {
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(updater)
                .weightInit(WeightInit.XAVIER);
        if (gradientClip > 0) {
            base.gradientNormalization(GradientNormalization.ClipL2PerLayer).gradientNormalizationThreshold(gradientClip);
        }
        NeuralNetConfiguration.ListBuilder layers = base.list();
        double keep = 1.0 - spec.dropout();
        boolean tokens = spec.input().kind() == ModelSpec.InputSpec.InputKind.TOKENS;
        if (tokens) {
            layers.layer(new EmbeddingSequenceLayer.Builder()
                    .nIn(spec.input().vocabularySize())
                    .nOut(spec.input().embeddingSize())
                    .build());
        }
        for (int layer = 0; layer < spec.layers(); layer++) {
            LSTM.Builder lstm = new LSTM.Builder()
                    .nIn(spec.layerInputWidth(layer))
                    .nOut(spec.hiddenSize())
                    .activation(Activation.TANH)
                    .gateActivationFunction(Activation.SIGMOID);
            if (spec.dropout() > 0 && (layer > 0 || tokens)) {
                lstm.dropOut(keep); // DL4J's dropOut takes the keep probability
            }
            layers.layer(lstm.build());
        }
        ModelSpec.HeadSpec head = spec.head();
        boolean softmax = head.kind() == ModelSpec.HeadSpec.HeadKind.SOFTMAX;
        RnnOutputLayer.Builder output = new RnnOutputLayer.Builder(softmax ? LossFunction.MCXENT : LossFunction.MSE)
                .activation(softmax ? Activation.SOFTMAX : Activation.IDENTITY)
                .nIn(spec.hiddenSize())
                .nOut(head.outputs())
                .dataFormat(RNNFormat.NCW);
        if (spec.dropout() > 0) {
            output.dropOut(keep);
        }
        layers.layer(output.build());
        MultiLayerNetwork network = new MultiLayerNetwork(layers.build());
        network.init();
        return network;
    }

    /** Index of recurrent layer {@code layer} (0-based) among the network's layers. */
    public static int recurrentLayerIndex(ModelSpec spec, int layer) {
        return (spec.input().kind() == ModelSpec.InputSpec.InputKind.TOKENS ? 1 : 0) + layer;
    }

    /** Index of the output head among the network's layers. */
    public static int headLayerIndex(ModelSpec spec) {
        return recurrentLayerIndex(spec, spec.layers());
    }
}

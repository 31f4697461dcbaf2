package io.lstmstreams.model;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.rnn.ReverseTimeSeriesVertex;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Builds the DL4J network for a {@link ModelSpec}: a {@link ComputationGraph} because token input may have
 * several slots (word, prefixes, suffixes, shape), each with its own embedding, concatenated.
 *
 * <p>Names, which the step engine and bundles rely on: one input per token slot (the slot's name) or one
 * input {@value #FEATURES_INPUT}; layers {@code embedding_<slot>}, {@code <cell>0..<cell>N-1} ({@link #recurrentLayer}),
 * {@value #HEAD}.
 * A frozen slot's embedding learns at rate 0: it keeps the values it was initialised with. Dropout follows PyTorch's
 * convention: on the embeddings (never on raw numeric features), between recurrent layers and before the head.
 */
public final class Networks {

    public static final String FEATURES_INPUT = "features";
    public static final String HEAD = "head";
    public static final String BACKWARD = "_backward";

    private Networks() {
    }

    /**
     * A freshly initialised network.
     *
     * @param updater      the optimiser (Adam, SGD, ...) used when the network is trained
     * @param gradientClip L2 norm each layer's gradient is clipped to; 0 or less disables clipping
     * @param seed         weight initialisation and dropout seed
     */
    public static ComputationGraph create(ModelSpec spec, IUpdater updater, double gradientClip, long seed) {
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(updater)
                .weightInit(WeightInit.XAVIER);
        if (gradientClip > 0) {
            base.gradientNormalization(GradientNormalization.ClipL2PerLayer).gradientNormalizationThreshold(gradientClip);
        }
        ComputationGraphConfiguration.GraphBuilder graph = base.graphBuilder();
        graph.addInputs(inputNames(spec).toArray(String[]::new));

        String previous = FEATURES_INPUT;
        if (spec.input().isTokens()) {
            List<ModelSpec.TokenSlot> slots = spec.input().slots();
            for (ModelSpec.TokenSlot slot : slots) {
                EmbeddingSequenceLayer.Builder embedding = new EmbeddingSequenceLayer.Builder()
                        .nIn(slot.vocabularySize())
                        .nOut(slot.embeddingSize())
                        .outputDataFormat(RNNFormat.NCW);
                if (slot.frozen()) {
                    embedding.updater(new Sgd(0)); // DL4J's NoOp applies the raw gradient: an SGD step of 1
                }
                graph.addLayer(embeddingLayer(slot), embedding.build(), slot.name());
            }
            previous = embeddingLayer(slots.get(0));
            if (slots.size() > 1) {
                previous = "embeddings";
                graph.addVertex(previous, new MergeVertex(),
                        slots.stream().map(Networks::embeddingLayer).toArray(String[]::new));
            }
        }

        double keep = 1.0 - spec.dropout();
        for (int layer = 0; layer < spec.layers(); layer++) {
            boolean dropIn = spec.dropout() > 0 && (layer > 0 || spec.input().isTokens());
            String forward = recurrentLayer(spec.cell(), layer);
            graph.addLayer(forward, recurrentLayer(spec, layer, dropIn ? keep : 1), previous);
            if (!spec.bidirectional()) {
                previous = forward;
                continue;
            }
            // The backward direction is the same cell over the time-reversed input, its output reversed back so
            // that step t holds h_t of both directions (PyTorch's layout). Reversal follows the first input's mask,
            // so padding stays at the end.
            String mask = inputNames(spec).get(0);
            String backward = forward + BACKWARD;
            graph.addVertex(backward + "_input", new ReverseTimeSeriesVertex(mask), previous);
            graph.addLayer(backward, recurrentLayer(spec, layer, dropIn ? keep : 1), backward + "_input");
            graph.addVertex(backward + "_aligned", new ReverseTimeSeriesVertex(mask), backward);
            previous = forward + "_both";
            graph.addVertex(previous, new MergeVertex(), forward, backward + "_aligned");
        }

        ModelSpec.HeadSpec head = spec.head();
        boolean softmax = head.kind() == ModelSpec.HeadSpec.HeadKind.SOFTMAX;
        RnnOutputLayer.Builder output = new RnnOutputLayer.Builder(softmax ? LossFunction.MCXENT : LossFunction.MSE)
                .activation(softmax ? Activation.SOFTMAX : Activation.IDENTITY)
                .nIn(spec.outputWidth())
                .nOut(head.outputs())
                .dataFormat(RNNFormat.NCW);
        if (spec.dropout() > 0) {
            output.dropOut(keep);
        }
        graph.addLayer(HEAD, output.build(), previous);
        graph.setOutputs(HEAD);

        ComputationGraph network = new ComputationGraph(graph.build());
        network.init();
        return network;
    }

    /** The network's inputs, in the order {@code ComputationGraph} expects them. */
    public static List<String> inputNames(ModelSpec spec) {
        return spec.input().isTokens()
                ? spec.input().slots().stream().map(ModelSpec.TokenSlot::name).toList()
                : List.of(FEATURES_INPUT);
    }

    /** Name of the embedding layer of a token slot. */
    public static String embeddingLayer(ModelSpec.TokenSlot slot) {
        return "embedding_" + slot.name();
    }

    /**
     * Name of recurrent layer {@code layer} (0-based): the cell's label and the index, {@code lstm0}, {@code gru1}, ...;
     * in a bidirectional network the forward direction's, the backward one adding {@value #BACKWARD}.
     */
    public static String recurrentLayer(CellType cell, int layer) {
        return cell.label() + layer;
    }

    /**
     * Recurrent layer {@code layer} of the spec's cell: DL4J's LSTM and SimpleRnn, and {@link GruLayer} (DL4J has no
     * GRU), with input dropout keeping {@code keep} of its inputs (1: none).
     */
    private static org.deeplearning4j.nn.conf.layers.Layer recurrentLayer(ModelSpec spec, int layer, double keep) {
        int inputs = spec.layerInputWidth(layer);
        int hidden = spec.hiddenSize();
        org.deeplearning4j.nn.conf.layers.Layer recurrent = switch (spec.cell()) {
            case LSTM -> new LSTM.Builder().nIn(inputs).nOut(hidden).activation(Activation.TANH)
                    .gateActivationFunction(Activation.SIGMOID).dataFormat(RNNFormat.NCW).build();
            case GRU -> new GruLayer(inputs, hidden);
            case RNN, RNN_RELU -> new SimpleRnn.Builder().nIn(inputs).nOut(hidden)
                    .activation(spec.cell() == CellType.RNN ? Activation.TANH : Activation.RELU).dataFormat(RNNFormat.NCW).build();
        };
        if (keep < 1) {
            recurrent.setIDropout(new Dropout(keep)); // DL4J's dropout takes the keep probability
        }
        return recurrent;
    }
}

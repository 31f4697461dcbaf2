package io.lstmstreams.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.AbstractLSTM;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Moves weights between a DL4J network built by {@link Networks} and an {@link LstmModel}. The only class that
 * knows DL4J's LSTM gate order: along the 4H columns of {@code W}, {@code RW} and {@code b} the blocks are
 * <b>g, f, o, i</b>, where {@link LstmWeights} uses PyTorch's i, f, g, o.
 */
public final class Dl4jWeights {

    /** For each PyTorch gate block (i, f, g, o), the DL4J block (in g, f, o, i) holding it. */
    private static final int[] DL4J_BLOCK = {3, 1, 0, 2};

    private Dl4jWeights() {
    }

    /** Copies the weights out of {@code network}, which must have been built by {@link Networks#create} for {@code spec}. */
    public static LstmModel extract(ComputationGraph network, ModelSpec spec) {
        List<LstmModel.Embedding> embeddings = new ArrayList<>();
        for (ModelSpec.TokenSlot slot : spec.input().slots()) {
            Layer layer = network.getLayer(Networks.embeddingLayer(slot));
            requireEmbeddingIsALookup(layer, slot);
            embeddings.add(new LstmModel.Embedding(slot.vocabularySize(), slot.embeddingSize(), rowMajor(layer.getParam("W"))));
        }
        List<LstmWeights> layers = new ArrayList<>();
        int hidden = spec.hiddenSize();
        for (int index = 0; index < spec.layers(); index++) {
            Layer layer = network.getLayer(Networks.recurrentLayer(index));
            requireActivation(layer, ActivationTanH.class);
            ModelSpec.require(((AbstractLSTM) layer.conf().getLayer()).getGateActivationFn() instanceof ActivationSigmoid,
                    Networks.recurrentLayer(index) + " gates must use the sigmoid");
            int input = spec.layerInputWidth(index);
            float[] weights = new float[(input + hidden) * 4 * hidden];
            toPyTorchOrder(layer.getParam("W").toFloatMatrix(), weights, 0, hidden);
            toPyTorchOrder(layer.getParam("RW").toFloatMatrix(), weights, input, hidden);
            float[] bias = new float[4 * hidden];
            toPyTorchOrder(new float[][] {layer.getParam("b").toFloatVector()}, bias, 0, hidden);
            layers.add(new LstmWeights(input, hidden, weights, bias));
        }
        Layer head = network.getLayer(Networks.HEAD);
        boolean softmax = spec.head().kind() == ModelSpec.HeadSpec.HeadKind.SOFTMAX;
        requireActivation(head, softmax ? ActivationSoftmax.class : ActivationIdentity.class);
        LstmModel.Head headWeights = new LstmModel.Head(spec.head().kind(), hidden, spec.head().outputs(),
                rowMajor(head.getParam("W")), head.getParam("b").toFloatVector());
        return new LstmModel(spec, embeddings, layers, headWeights);
    }

    /** Writes {@code model}'s weights into {@code network}, built by {@link Networks#create} for the same spec. */
    public static void load(LstmModel model, ComputationGraph network) {
        ModelSpec spec = model.spec();
        List<ModelSpec.TokenSlot> slots = spec.input().slots();
        for (int slot = 0; slot < slots.size(); slot++) {
            LstmModel.Embedding embedding = model.embeddings().get(slot);
            assign(network.getLayer(Networks.embeddingLayer(slots.get(slot))), Map.of(
                    "W", Nd4j.create(embedding.table(), embedding.vocabularySize(), embedding.embeddingSize())));
        }
        int hidden = spec.hiddenSize();
        for (int index = 0; index < spec.layers(); index++) {
            LstmWeights weights = model.layers().get(index);
            int input = weights.inputSize();
            float[][] dl4j = fromPyTorchOrder(weights.weights(), input + hidden, hidden);
            assign(network.getLayer(Networks.recurrentLayer(index)), Map.of(
                    "W", Nd4j.createFromArray(Arrays.copyOfRange(dl4j, 0, input)),
                    "RW", Nd4j.createFromArray(Arrays.copyOfRange(dl4j, input, input + hidden)),
                    "b", Nd4j.createFromArray(fromPyTorchOrder(weights.bias, 1, hidden))));
        }
        LstmModel.Head head = model.head();
        assign(network.getLayer(Networks.HEAD), Map.of(
                "W", Nd4j.create(head.weights(), head.inputs(), head.outputs()),
                "b", Nd4j.create(head.bias(), 1, head.outputs())));
    }

    private static void assign(Layer layer, Map<String, INDArray> params) {
        params.forEach((name, value) -> {
            INDArray param = layer.getParam(name);
            ModelSpec.require(param.length() == value.length(),
                    layer.conf().getLayer().getLayerName() + " param " + name + " has " + param.length()
                            + " values, model has " + value.length());
            param.assign(value.reshape(param.shape()));
        });
    }

    /** Rows of a DL4J {@code [rows][4H]} matrix (g, f, o, i) into {@code target} rows from {@code firstRow} (i, f, g, o). */
    private static void toPyTorchOrder(float[][] dl4j, float[] target, int firstRow, int hidden) {
        int gates = 4 * hidden;
        for (int row = 0; row < dl4j.length; row++) {
            for (int block = 0; block < 4; block++) {
                System.arraycopy(dl4j[row], DL4J_BLOCK[block] * hidden, target, (firstRow + row) * gates + block * hidden, hidden);
            }
        }
    }

    /** The inverse of {@link #toPyTorchOrder}: a row-major {@code [rows][4H]} in i, f, g, o to DL4J's g, f, o, i. */
    private static float[][] fromPyTorchOrder(float[] pyTorch, int rows, int hidden) {
        int gates = 4 * hidden;
        float[][] dl4j = new float[rows][gates];
        for (int row = 0; row < rows; row++) {
            for (int block = 0; block < 4; block++) {
                System.arraycopy(pyTorch, row * gates + block * hidden, dl4j[row], DL4J_BLOCK[block] * hidden, hidden);
            }
        }
        return dl4j;
    }

    private static float[] rowMajor(INDArray matrix) {
        return matrix.dup('c').data().asFloat();
    }

    /** The step engines hard-code the activations {@link Networks} chooses; refuse a network that differs. */
    private static void requireActivation(Layer layer, Class<? extends IActivation> activation) {
        BaseLayer conf = (BaseLayer) layer.conf().getLayer();
        ModelSpec.require(activation.isInstance(conf.getActivationFn()),
                conf.getLayerName() + " must use " + activation.getSimpleName() + ", has " + conf.getActivationFn());
    }

    private static void requireEmbeddingIsALookup(Layer layer, ModelSpec.TokenSlot slot) {
        EmbeddingSequenceLayer conf = (EmbeddingSequenceLayer) layer.conf().getLayer();
        ModelSpec.require(!conf.hasBias(), "embedding of slot " + slot.name() + " must have no bias");
        requireActivation(layer, ActivationIdentity.class);
    }
}

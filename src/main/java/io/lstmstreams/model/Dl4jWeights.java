package io.lstmstreams.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Moves weights between a DL4J network built by {@link Networks} and a {@link RecurrentModel}, through PyTorch's form
 * of each layer ({@link LayerWeights#fromPyTorch}). The only class that knows how DL4J orders a layer's gate blocks
 * along the columns of {@code W}, {@code RW} and {@code b}: LSTM <b>g, f, o, i</b> (PyTorch: i, f, g, o); SimpleRnn
 * one block; {@link GruLayer} PyTorch's r, z, n, with the recurrent biases apart in {@code rb}.
 */
public final class Dl4jWeights {

    /** LSTM: for each PyTorch gate block (i, f, g, o), the DL4J block (in g, f, o, i) holding it. */
    private static final int[] LSTM_DL4J_BLOCK = {3, 1, 0, 2};

    private Dl4jWeights() {
    }

    /** Copies the weights out of {@code network}, which must have been built by {@link Networks#create} for {@code spec}. */
    public static RecurrentModel extract(ComputationGraph network, ModelSpec spec) {
        if (spec.bidirectional()) {
            throw new IllegalArgumentException("the model is bidirectional: its output at a step needs the steps after it,"
                    + " which a stream has not seen yet; it serves whole windows (offline evaluation), a stream needs a"
                    + " causal model (trained without --bidirectional)");
        }
        List<RecurrentModel.Embedding> embeddings = new ArrayList<>();
        for (ModelSpec.TokenSlot slot : spec.input().slots()) {
            Layer layer = network.getLayer(Networks.embeddingLayer(slot));
            requireEmbeddingIsALookup(layer, slot);
            embeddings.add(new RecurrentModel.Embedding(slot.vocabularySize(), slot.embeddingSize(), rowMajor(layer.getParam("W"))));
        }
        CellType cell = spec.cell();
        int[] blocks = dl4jBlocks(cell);
        int hidden = spec.hiddenSize();
        List<LayerWeights> layers = new ArrayList<>();
        for (int index = 0; index < spec.layers(); index++) {
            Layer layer = network.getLayer(Networks.recurrentLayer(cell, index));
            requireCell(layer, cell);
            float[] bIh = toPyTorch(layer.getParam("b").toFloatVector(), blocks, hidden);
            float[] bHh = cell == CellType.GRU ? layer.getParam(GruLayer.RECURRENT_BIAS).toFloatVector() : new float[bIh.length];
            layers.add(LayerWeights.fromPyTorch(cell, toPyTorch(layer.getParam("W").toFloatMatrix(), blocks, hidden),
                    toPyTorch(layer.getParam("RW").toFloatMatrix(), blocks, hidden), bIh, bHh));
        }
        Layer head = network.getLayer(Networks.HEAD);
        boolean softmax = spec.head().kind() == ModelSpec.HeadSpec.HeadKind.SOFTMAX;
        requireActivation(head, softmax ? ActivationSoftmax.class : ActivationIdentity.class);
        RecurrentModel.Head headWeights = new RecurrentModel.Head(spec.head().kind(), hidden, spec.head().outputs(),
                rowMajor(head.getParam("W")), head.getParam("b").toFloatVector());
        return new RecurrentModel(spec, embeddings, layers, headWeights);
    }

    /** A new network of {@code model}'s spec ({@link Networks#create}) holding its weights. */
    public static ComputationGraph network(RecurrentModel model, IUpdater updater, double gradientClip, long seed) {
        ComputationGraph network = Networks.create(model.spec(), updater, gradientClip, seed);
        load(model, network);
        return network;
    }

    /** Writes {@code model}'s weights into {@code network}, built by {@link Networks#create} for the same spec. */
    public static void load(RecurrentModel model, ComputationGraph network) {
        ModelSpec spec = model.spec();
        List<ModelSpec.TokenSlot> slots = spec.input().slots();
        for (int slot = 0; slot < slots.size(); slot++) {
            RecurrentModel.Embedding embedding = model.embeddings().get(slot);
            assign(network.getLayer(Networks.embeddingLayer(slots.get(slot))), Map.of(
                    "W", Nd4j.create(embedding.table(), embedding.vocabularySize(), embedding.embeddingSize())));
        }
        for (int index = 0; index < spec.layers(); index++) {
            loadLayer(network, Networks.recurrentLayer(spec.cell(), index), model.layers().get(index));
        }
        RecurrentModel.Head head = model.head();
        assign(network.getLayer(Networks.HEAD), Map.of(
                "W", Nd4j.create(head.weights(), head.inputs(), head.outputs()),
                "b", Nd4j.create(head.bias(), 1, head.outputs())));
    }

    /** Writes one recurrent layer's weights into the layer of {@code network} named {@code name}. */
    static void loadLayer(ComputationGraph network, String name, LayerWeights layer) {
        CellType cell = layer.cell();
        int[] blocks = dl4jBlocks(cell);
        int hidden = layer.hiddenSize();
        LayerWeights.PyTorch weights = layer.toPyTorch();
        Map<String, INDArray> params = new HashMap<>(Map.of(
                "W", Nd4j.createFromArray(fromPyTorch(weights.wIh(), blocks, hidden)),
                "RW", Nd4j.createFromArray(fromPyTorch(weights.wHh(), blocks, hidden)),
                "b", Nd4j.createFromArray(fromPyTorch(weights.bIh(), blocks, hidden))));
        if (cell == CellType.GRU) {
            params.put(GruLayer.RECURRENT_BIAS, Nd4j.createFromArray(weights.bHh()));
        }
        assign(network.getLayer(name), params);
    }

    /** For each PyTorch gate block of {@code cell}, the DL4J column block holding it. */
    private static int[] dl4jBlocks(CellType cell) {
        return cell == CellType.LSTM ? LSTM_DL4J_BLOCK : IntStream.range(0, cell.gates()).toArray();
    }

    /** A DL4J {@code [rows][G*H]} matrix (inputs along rows) as PyTorch's {@code [G*H][rows]} in PyTorch's block order. */
    private static float[][] toPyTorch(float[][] dl4j, int[] blocks, int hidden) {
        float[][] pyTorch = new float[blocks.length * hidden][dl4j.length];
        for (int row = 0; row < dl4j.length; row++) {
            float[] column = toPyTorch(dl4j[row], blocks, hidden);
            for (int gate = 0; gate < column.length; gate++) {
                pyTorch[gate][row] = column[gate];
            }
        }
        return pyTorch;
    }

    /** A DL4J vector along the {@code G*H} gates in PyTorch's block order. */
    private static float[] toPyTorch(float[] dl4j, int[] blocks, int hidden) {
        float[] pyTorch = new float[dl4j.length];
        for (int block = 0; block < blocks.length; block++) {
            System.arraycopy(dl4j, blocks[block] * hidden, pyTorch, block * hidden, hidden);
        }
        return pyTorch;
    }

    /** The inverse of {@link #toPyTorch(float[][], int[], int)}. */
    private static float[][] fromPyTorch(float[][] pyTorch, int[] blocks, int hidden) {
        float[][] dl4j = new float[pyTorch[0].length][];
        for (int row = 0; row < dl4j.length; row++) {
            float[] column = new float[pyTorch.length];
            for (int gate = 0; gate < column.length; gate++) {
                column[gate] = pyTorch[gate][row];
            }
            dl4j[row] = fromPyTorch(column, blocks, hidden);
        }
        return dl4j;
    }

    /** The inverse of {@link #toPyTorch(float[], int[], int)}. */
    private static float[] fromPyTorch(float[] pyTorch, int[] blocks, int hidden) {
        float[] dl4j = new float[pyTorch.length];
        for (int block = 0; block < blocks.length; block++) {
            System.arraycopy(pyTorch, block * hidden, dl4j, blocks[block] * hidden, hidden);
        }
        return dl4j;
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



    private static float[] rowMajor(INDArray matrix) {
        return matrix.dup('c').data().asFloat();
    }

    /** The step engines hard-code the cells and activations {@link Networks} chooses; refuse a network that differs. */
    private static void requireCell(Layer layer, CellType cell) {
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        String name = conf.getLayerName();
        switch (cell) {
            case LSTM -> {
                ModelSpec.require(conf instanceof LSTM, name + " must be an LSTM, is " + conf.getClass().getSimpleName());
                requireActivation(layer, ActivationTanH.class);
                ModelSpec.require(((LSTM) conf).getGateActivationFn() instanceof ActivationSigmoid, name + " gates must use the sigmoid");
            }
            case GRU -> ModelSpec.require(conf instanceof GruLayer, name + " must be a GruLayer, is " + conf.getClass().getSimpleName());
            case RNN, RNN_RELU -> {
                ModelSpec.require(conf instanceof SimpleRnn rnn && !rnn.hasLayerNorm(),
                        name + " must be a SimpleRnn without layer normalisation, is " + conf);
                requireActivation(layer, cell == CellType.RNN ? ActivationTanH.class : ActivationReLU.class);
            }
        }
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

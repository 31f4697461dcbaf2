package io.lstmstreams.model;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/** DL4J's own {@code rnnTimeStep}, driven one event at a time for a batch of keys: the reference the engines must match. */
final class Dl4jReference {

    private Dl4jReference() {
    }

    /** A network for {@code spec} with every parameter (biases included) uniform in [-0.5, 0.5). */
    static ComputationGraph randomNetwork(ModelSpec spec, long seed) {
        ComputationGraph network = Networks.create(spec, new Adam(1e-3), 0, seed);
        Random random = new Random(seed);
        float[] params = new float[(int) network.numParams()];
        for (int i = 0; i < params.length; i++) {
            params[i] = random.nextFloat() - 0.5f;
        }
        network.params().assign(Nd4j.createFromArray(params).reshape(network.params().shape()));
        return network;
    }

    /** One step of token ids {@code [key][slot]}; returns the head's output {@code [key][outputs]}. */
    static float[][] step(ComputationGraph network, int[][] slotIds) {
        int keys = slotIds.length;
        INDArray[] inputs = new INDArray[slotIds[0].length];
        for (int slot = 0; slot < inputs.length; slot++) {
            float[] ids = new float[keys];
            for (int key = 0; key < keys; key++) {
                ids[key] = slotIds[key][slot];
            }
            inputs[slot] = Nd4j.create(ids, new long[] {keys, 1, 1}, DataType.FLOAT);
        }
        return outputs(network.rnnTimeStep(inputs)[0]);
    }

    /** One step of features {@code [key][feature]}; returns the head's output {@code [key][outputs]}. */
    static float[][] step(ComputationGraph network, float[][] features) {
        INDArray input = Nd4j.createFromArray(features).reshape(features.length, features[0].length, 1);
        return outputs(network.rnnTimeStep(input)[0]);
    }

    /** The state vector {@code index} ({@link RecurrentState#HIDDEN} or {@link RecurrentState#CELL}) of a layer, {@code [key][H]}. */
    static float[][] state(ComputationGraph network, int layer, int index) {
        Map<String, INDArray> state = network.rnnGetPreviousState(Networks.recurrentLayer(layer));
        return state.get(index == RecurrentState.HIDDEN ? "prevAct" : "prevMem").toFloatMatrix();
    }

    /** Sets every key's state of every layer from {@code states} (one per key). */
    static void setState(ComputationGraph network, List<RecurrentState> states) {
        RecurrentState first = states.get(0);
        for (int layer = 0; layer < first.layers(); layer++) {
            network.rnnSetPreviousState(Networks.recurrentLayer(layer), Map.of(
                    "prevAct", Nd4j.createFromArray(vectors(states, layer, RecurrentState.HIDDEN)),
                    "prevMem", Nd4j.createFromArray(vectors(states, layer, RecurrentState.CELL))));
        }
    }

    private static float[][] vectors(List<RecurrentState> states, int layer, int index) {
        return states.stream().map(state -> state.vector(layer, index).clone()).toArray(float[][]::new);
    }

    private static float[][] outputs(INDArray ncw) {
        return ncw.reshape(ncw.size(0), ncw.size(1)).toFloatMatrix();
    }
}

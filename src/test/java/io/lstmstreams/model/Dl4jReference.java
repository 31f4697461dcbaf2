package io.lstmstreams.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;

/** DL4J's own {@code rnnTimeStep}, driven one event at a time for a batch of keys: the reference the engines must match. */
final class Dl4jReference {

    /** DL4J's names of the state vectors, by {@link RecurrentState} index: h, then the LSTM's c. */
    private static final String[] STATE_KEYS = {"prevAct", "prevMem"};

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

    /** The output {@code [step][key][outputs]} of one forward pass over token ids {@code [step][key][slot]}, from h = 0. */
    static float[][][] sequence(ComputationGraph network, int[][][] slotIds) {
        int steps = slotIds.length;
        int keys = slotIds[0].length;
        INDArray[] inputs = new INDArray[slotIds[0][0].length];
        for (int slot = 0; slot < inputs.length; slot++) {
            float[] ids = new float[keys * steps];
            for (int key = 0; key < keys; key++) {
                for (int step = 0; step < steps; step++) {
                    ids[key * steps + step] = slotIds[step][key][slot];
                }
            }
            inputs[slot] = Nd4j.create(ids, new long[] {keys, steps}, DataType.FLOAT);
        }
        return perStep(network.output(inputs)[0]);
    }

    /** The output {@code [step][key][outputs]} of one forward pass over features {@code [step][key][feature]}, from h = 0. */
    static float[][][] sequence(ComputationGraph network, float[][][] features) {
        return perStep(network.output(ncw(features))[0]);
    }

    /** Features {@code [step][key][feature]} as DL4J's NCW input {@code [key][feature][step]}. */
    static INDArray ncw(float[][][] features) {
        int steps = features.length;
        int keys = features[0].length;
        int width = features[0][0].length;
        float[][][] ncw = new float[keys][width][steps];
        for (int step = 0; step < steps; step++) {
            for (int key = 0; key < keys; key++) {
                for (int feature = 0; feature < width; feature++) {
                    ncw[key][feature][step] = features[step][key][feature];
                }
            }
        }
        return Nd4j.createFromArray(ncw);
    }

    private static float[][][] perStep(INDArray ncw) {
        float[][][] steps = new float[(int) ncw.size(2)][][];
        for (int step = 0; step < steps.length; step++) {
            steps[step] = ncw.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(step)).toFloatMatrix();
        }
        return steps;
    }

    /**
     * The state vector {@code index} ({@link RecurrentState#HIDDEN} or {@link RecurrentState#CELL}) of a layer,
     * {@code [key][H]}. DL4J keeps state for its own layers (LSTM, SimpleRnn), not for {@link GruLayer}.
     */
    static float[][] state(ComputationGraph network, CellType cell, int layer, int index) {
        Map<String, INDArray> state = network.rnnGetPreviousState(Networks.recurrentLayer(cell, layer));
        return state.get(STATE_KEYS[index]).toFloatMatrix();
    }

    /** Sets every key's state of every layer from {@code states} (one per key). */
    static void setState(ComputationGraph network, CellType cell, List<RecurrentState> states) {
        RecurrentState first = states.get(0);
        for (int layer = 0; layer < first.layers(); layer++) {
            Map<String, INDArray> state = new HashMap<>();
            for (int index = 0; index < first.vectorsPerLayer(); index++) {
                state.put(STATE_KEYS[index], Nd4j.createFromArray(vectors(states, layer, index)));
            }
            network.rnnSetPreviousState(Networks.recurrentLayer(cell, layer), state);
        }
    }

    private static float[][] vectors(List<RecurrentState> states, int layer, int index) {
        return states.stream().map(state -> state.vector(layer, index).clone()).toArray(float[][]::new);
    }

    private static float[][] outputs(INDArray ncw) {
        return ncw.reshape(ncw.size(0), ncw.size(1)).toFloatMatrix();
    }
}

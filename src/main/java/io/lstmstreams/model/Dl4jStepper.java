package io.lstmstreams.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The straightforward integration a newcomer writes: DL4J's {@code rnnTimeStep} once per event, the key's state
 * set into the network before the call and read back after it. The benchmark's naive baseline (STACK-FACTS:
 * 250-300 us a call whatever the batch); outputs equal {@link KeyStepper}'s within float32 rounding. DL4J keeps
 * state for its own LSTM and SimpleRnn layers only, not for {@link GruLayer}.
 *
 * <p>Owns its network (a network is not thread-safe): one per thread.
 */
public final class Dl4jStepper implements Stepper {

    /** DL4J's names of the state vectors, by {@link RecurrentState} index: h, then the LSTM's c. */
    private static final String[] STATE_KEYS = {"prevAct", "prevMem"};

    private final ComputationGraph network;
    private final ModelSpec spec;
    private final List<String> layers;

    /** @param network a network of {@code spec}, used by this stepper alone */
    public Dl4jStepper(ComputationGraph network, ModelSpec spec) {
        if (spec.cell() == CellType.GRU) {
            throw new IllegalArgumentException("DL4J keeps no state between calls for GRU (GruLayer)");
        }
        this.network = network;
        this.spec = spec;
        this.layers = java.util.stream.IntStream.range(0, spec.layers()).mapToObj(layer -> Networks.recurrentLayer(spec.cell(), layer)).toList();
    }

    @Override
    public void step(RecurrentState state, int[] slotIds, float[] output) {
        INDArray[] inputs = new INDArray[slotIds.length];
        for (int slot = 0; slot < slotIds.length; slot++) {
            inputs[slot] = Nd4j.create(new float[] {slotIds[slot]}, new long[] {1, 1, 1}, DataType.FLOAT);
        }
        run(state, inputs, output);
    }

    @Override
    public void step(RecurrentState state, float[] features, float[] output) {
        run(state, new INDArray[] {Nd4j.create(features, new long[] {1, features.length, 1}, DataType.FLOAT)}, output);
    }

    private void run(RecurrentState state, INDArray[] inputs, float[] output) {
        if (!state.fits(spec)) {
            throw new IllegalArgumentException("state " + state + " does not fit the model " + spec);
        }
        for (int layer = 0; layer < layers.size(); layer++) {
            Map<String, INDArray> vectors = new HashMap<>();
            for (int index = 0; index < state.vectorsPerLayer(); index++) {
                vectors.put(STATE_KEYS[index], Nd4j.create(state.vector(layer, index), new long[] {1, spec.hiddenSize()}, DataType.FLOAT));
            }
            network.rnnSetPreviousState(layers.get(layer), vectors);
        }
        INDArray result = network.rnnTimeStep(inputs)[0];
        for (int layer = 0; layer < layers.size(); layer++) {
            Map<String, INDArray> vectors = network.rnnGetPreviousState(layers.get(layer));
            for (int index = 0; index < state.vectorsPerLayer(); index++) {
                float[] values = vectors.get(STATE_KEYS[index]).data().asFloat();
                System.arraycopy(values, 0, state.vector(layer, index), 0, spec.hiddenSize());
            }
        }
        float[] values = result.reshape(result.size(0), result.size(1)).toFloatVector();
        System.arraycopy(values, 0, output, 0, output.length);
    }
}

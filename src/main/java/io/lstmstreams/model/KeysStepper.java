package io.lstmstreams.model;

import java.util.List;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One recurrent step of many keys in one call, each key's state read and updated in place, each key's head output
 * written to its row. {@link #forBackend} picks the engine: on a CPU, {@link KeyStepper}'s Vector API form (four keys
 * share each weight read: H=64, I=32 at 256 keys, 1.48 against 4.46 us an event through ND4J's gemm); with ND4J's
 * CUDA backend, {@link BatchStepper}, whose gemm is the shape a GPU needs. An instance holds scratch buffers: one per
 * thread.
 */
public interface KeysStepper {

    /** Steps a token-input model: {@code slotIds[key]} holds one id per slot. */
    void step(List<RecurrentState> states, int[][] slotIds, float[][] outputs);

    /** Steps a feature-input model: {@code features[key]} is that key's vector. */
    void step(List<RecurrentState> states, float[][] features, float[][] outputs);

    /** Refuses features that are not one vector of the model's width per key. */
    static void checkFeatures(ModelSpec spec, List<RecurrentState> states, float[][] features) {
        if (spec.input().isTokens()) {
            throw new IllegalArgumentException("this model reads token ids, not features");
        }
        if (features.length != states.size()) {
            throw new IllegalArgumentException("need features for each of " + states.size() + " keys, got " + features.length);
        }
        for (int key = 0; key < features.length; key++) {
            if (features[key].length != spec.inputWidth()) {
                throw new IllegalArgumentException("key " + key + ": expected " + spec.inputWidth() + " features, got "
                        + features[key].length);
            }
        }
    }

    /** The engine for ND4J's backend in this JVM. */
    static KeysStepper forBackend(RecurrentModel model) {
        boolean cuda = Nd4j.getBackend().getClass().getName().startsWith("org.nd4j.linalg.jcublas");
        return cuda ? new BatchStepper(model) : new KeyStepper(model);
    }
}

package io.lstmstreams.model;

/**
 * One recurrent step of one key: reads and updates the key's state in place and writes the head's output. The
 * stream runs {@link KeyStepper}; {@link Dl4jStepper} is the naive way (DL4J per event) the benchmark compares it with.
 * An instance holds scratch buffers: one per thread.
 */
public interface Stepper {

    /** Steps a token-input model: one id per slot, in slot order. */
    void step(RecurrentState state, int[] slotIds, float[] output);

    /** Steps a feature-input model. */
    void step(RecurrentState state, float[] features, float[] output);
}

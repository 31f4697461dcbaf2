package io.lstmstreams.retrain;

import java.util.Optional;

/**
 * Turns one task's records on the labels topic into labelled examples (per-token labels into sentences, realized
 * windows into stretches of a series). Records of other tasks, or that are not of its kind, are ignored.
 * Called from one thread.
 */
public interface LabelAssembler<E> {

    /** Adds one record of the labels topic; returns the example it completes, if any. */
    Optional<LabelBuffer.Example<E>> add(byte[] value);
}

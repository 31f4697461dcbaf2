package io.lstmstreams.tagging;

import io.lstmstreams.kafka.InvalidRecordException;
import java.util.List;

/**
 * The per-sequence logic of a tagging task, shared by the stream processor and offline evaluation so that
 * both compute exactly the same outputs. An instance holds scratch buffers: one per thread.
 */
public interface SequenceTagger {

    /** The task's name in bundles and on the command line. */
    String task();

    /** The model version stamped on every output. */
    long modelVersion();

    /** The state of a sequence nobody has seen yet. */
    SequenceState newState();

    /**
     * Runs one event of a sequence through the model, updating its state in place, and returns the values
     * to publish, in order (with look-ahead an event may release none, or several at the end).
     *
     * @throws InvalidRecordException when the event is not usable by this task
     */
    List<byte[]> accept(String sequence, SequenceState state, TokenEvent event);
}

package io.lstmstreams.tagging;

import io.lstmstreams.wire.InvalidRecordException;
import io.lstmstreams.wire.TokenEvent;
import java.util.List;

/**
 * The per-sequence logic of a tagging task, shared by the stream processor and offline evaluation so that
 * both compute exactly the same outputs. An instance holds scratch buffers: one per thread.
 *
 * @param <O> what it publishes per event (a tag, an anomaly verdict)
 */
public interface SequenceTagger<O> {

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
    List<O> accept(String sequence, SequenceState state, TokenEvent event);

    /**
     * For online accuracy: whether {@code output}, released while {@code event} was processed, agrees with the gold
     * label of what it judges; null when that had none.
     */
    default Boolean agreesWithGold(O output, TokenEvent event) {
        return null;
    }

    /** For the anomaly rate: whether {@code output} flags an anomaly; null for a task that flags none. */
    default Boolean anomalous(O output) {
        return null;
    }

    /**
     * Recomputes a state that another model version computed: its hidden state means nothing to this model's
     * weights, so the state's remembered inputs are stepped again from a zero state. Emits nothing; tokens waiting
     * for their look-ahead stay waiting.
     */
    void rebuild(SequenceState state);

    /**
     * What the stream does with an event: rebuild the state if another model version computed it, {@link #accept}
     * the event, remember its input (at most {@code historyLength} of them).
     */
    default List<O> process(String sequence, SequenceState state, TokenEvent event, int historyLength) {
        if (state.recurrent().modelVersion() != modelVersion()) {
            rebuild(state);
        }
        List<O> outputs = accept(sequence, state, event);
        state.remember(event.token(), historyLength);
        return outputs;
    }
}

package io.lstmstreams.tagging;

import io.lstmstreams.model.RecurrentModel;
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

    /** The network it runs: what a batched step engine is built over. */
    RecurrentModel weights();

    /**
     * One event's way through the model, a step at a time, so that the steps of many sequences' events can share one
     * call of a batched engine. Taking them updates {@code state} in place.
     *
     * @throws InvalidRecordException when the event is not usable by this task
     */
    Steps<O> steps(String sequence, SequenceState state, TokenEvent event);

    /** Takes {@code steps} one by one with this tagger's own single-key engine and returns the values to publish. */
    List<O> run(SequenceState state, Steps<O> steps);

    /**
     * Runs one event of a sequence through the model, updating its state in place, and returns the values
     * to publish, in order (with look-ahead an event may release none, or several at the end).
     *
     * @throws InvalidRecordException when the event is not usable by this task
     */
    default List<O> accept(String sequence, SequenceState state, TokenEvent event) {
        return run(state, steps(sequence, state, event));
    }

    /**
     * Throws what {@link #steps} would for an event that is not usable by this task, without touching any state: a
     * batched pipeline checks an event before it buffers it, so that a bad one is dead-lettered in its place.
     *
     * @throws InvalidRecordException when the event is not usable by this task
     */
    default void check(TokenEvent event) {
    }

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
     * What the stream does with an event: rebuild the state if another model version computed it, remember the event's
     * input (at most {@code historyLength} of them), and return its {@link #steps}.
     */
    default Steps<O> begin(String sequence, SequenceState state, TokenEvent event, int historyLength) {
        if (state.recurrent().modelVersion() != modelVersion()) {
            rebuild(state);
        }
        Steps<O> steps = steps(sequence, state, event);
        state.remember(event.token(), historyLength);
        return steps;
    }

    /** {@link #begin} an event and {@link #run} its steps. */
    default List<O> process(String sequence, SequenceState state, TokenEvent event, int historyLength) {
        return run(state, begin(sequence, state, event, historyLength));
    }

    /**
     * The steps of one event: ask for the next input, run the step on it, hand its output back, until no input is left;
     * then the event's outputs are ready.
     */
    interface Steps<O> {

        /** The next step's input (one id per slot), or null when the event needs no more steps. */
        int[] nextInput();

        /** The head's output of the step just run on {@link #nextInput()}'s input; read at once, not kept. */
        void stepped(float[] output);

        /** What the event publishes, once no step is left. */
        List<O> outputs();
    }
}

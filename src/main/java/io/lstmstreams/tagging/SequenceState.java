package io.lstmstreams.tagging;

import io.lstmstreams.model.RecurrentState;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Everything kept per sequence between two of its events: the recurrent state, how many tokens came so far
 * (positions), when the last one came (expiry), the tokens still waiting for their look-ahead, the model's
 * last prediction (log keys are judged against what was predicted before they arrived), whether the
 * sequence was already found anomalous, and its last few inputs (to rebuild the recurrent state when the model
 * is swapped). Mutable: the tagger updates it in place, the store holds its bytes.
 */
public final class SequenceState {

    /** A token whose tag waits for the tokens after it. */
    public record Pending(String token, String gold) {
    }

    // Fields, not accessors: the taggers of pos and logkeys update them in place on every event.
    public RecurrentState recurrent;
    public int position;
    long lastSeenMs;
    public boolean anomalous;
    public float[] prediction;
    public final Deque<Pending> pending = new ArrayDeque<>();
    /** The last inputs, oldest first, at most the pipeline's history length. */
    public final Deque<String> history = new ArrayDeque<>();

    SequenceState(RecurrentState recurrent) {
        this.recurrent = recurrent;
    }

    public RecurrentState recurrent() {
        return recurrent;
    }

    public int position() {
        return position;
    }

    public long lastSeenMs() {
        return lastSeenMs;
    }

    public void touch(long nowMs) {
        lastSeenMs = nowMs;
    }

    /** Keeps {@code token} as the newest input, forgetting the oldest beyond {@code limit}. */
    void remember(String token, int limit) {
        history.addLast(token);
        while (history.size() > limit) {
            history.removeFirst();
        }
    }
}

package io.lstmstreams.tagging;

import io.lstmstreams.wire.TokenEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a whole sequence through a tagger exactly as the stream processor does, minus Kafka: a fresh state,
 * every event in order, the outputs in order. Offline evaluation is built on this, which is why the stream's
 * outputs equal it.
 */
public final class OfflineRun {

    private OfflineRun() {
    }

    public static <O> List<O> run(SequenceTagger<O> tagger, String sequence, List<TokenEvent> events) {
        SequenceState state = tagger.newState();
        List<O> outputs = new ArrayList<>(events.size());
        for (TokenEvent event : events) {
            outputs.addAll(tagger.accept(sequence, state, event));
        }
        return outputs;
    }
}

package io.lstmstreams.tagging;

import java.util.Optional;

/** A trained model as a tagging pipeline runs it: a version, and taggers over its shared, immutable weights. */
public interface TaggerFactory {

    long version();

    /** A new tagger; each holds scratch buffers, so one per stream task. */
    SequenceTagger newTagger();

    /** Why this model cannot take over from {@code running} in a live pipeline, or empty if it can. */
    default Optional<String> incompatibility(TaggerFactory running) {
        return Optional.empty();
    }
}

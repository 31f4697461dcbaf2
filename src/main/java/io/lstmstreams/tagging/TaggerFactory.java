package io.lstmstreams.tagging;

import io.lstmstreams.registry.LiveModel;
import java.util.Optional;

/** A trained model as a tagging pipeline runs it: a version, and taggers over its shared, immutable weights. */
public interface TaggerFactory<O> extends LiveModel.Swappable<TaggerFactory<O>> {

    /** A new tagger; each holds scratch buffers, so one per stream task. */
    SequenceTagger<O> newTagger();

    @Override
    default Optional<String> incompatibility(TaggerFactory<O> running) {
        return Optional.empty();
    }
}

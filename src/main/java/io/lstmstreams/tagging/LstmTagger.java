package io.lstmstreams.tagging;

import io.lstmstreams.model.KeyStepper;
import io.lstmstreams.model.RecurrentModel;
import io.lstmstreams.model.RecurrentState;

/**
 * What every tagger on one recurrent network (any cell, despite the name) shares: its task, the version it stamps, its
 * step engine and fresh states.
 */
public abstract class LstmTagger<O> implements SequenceTagger<O> {

    private final String task;
    private final RecurrentModel weights;
    private final long version;
    /** Holds scratch buffers: one per tagger, so one per thread. */
    protected final KeyStepper stepper;

    protected LstmTagger(String task, RecurrentModel weights, long version) {
        this.task = task;
        this.weights = weights;
        this.version = version;
        this.stepper = new KeyStepper(weights);
    }

    @Override
    public final String task() {
        return task;
    }

    @Override
    public final long modelVersion() {
        return version;
    }

    @Override
    public final SequenceState newState() {
        return new SequenceState(zeroState());
    }

    /** The recurrent state a sequence starts from under this model. */
    protected final RecurrentState zeroState() {
        return RecurrentState.zeros(weights.spec(), version);
    }
}

package io.lstmstreams.tagging;

import io.lstmstreams.model.KeyStepper;
import io.lstmstreams.model.RecurrentModel;
import io.lstmstreams.model.RecurrentState;
import io.lstmstreams.model.Stepper;
import java.util.List;

/**
 * What every tagger on one recurrent network (any cell, despite the name) shares: its task, the version it stamps, its
 * step engine and fresh states.
 */
public abstract class LstmTagger<O> implements SequenceTagger<O> {

    private final String task;
    private final RecurrentModel weights;
    private final long version;
    /** Holds scratch buffers: one per tagger, so one per thread. */
    protected final Stepper stepper;
    private final float[] output;

    protected LstmTagger(String task, RecurrentModel weights, long version) {
        this(task, weights, version, new KeyStepper(weights));
    }

    /** @param stepper the step engine, over {@code weights}; the stream's is {@link KeyStepper} */
    protected LstmTagger(String task, RecurrentModel weights, long version, Stepper stepper) {
        this.task = task;
        this.weights = weights;
        this.version = version;
        this.stepper = stepper;
        this.output = new float[weights.spec().head().outputs()];
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
    public final RecurrentModel weights() {
        return weights;
    }

    @Override
    public final List<O> run(SequenceState state, Steps<O> steps) {
        for (int[] input = steps.nextInput(); input != null; input = steps.nextInput()) {
            stepper.step(state.recurrent, input, output);
            steps.stepped(output);
        }
        return steps.outputs();
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

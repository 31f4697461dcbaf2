package io.lstmstreams.training;

/** One labelled sequence: the input at each step and what the model should emit there (if anything). */
public sealed interface TrainingSequence permits TokenSequence, NumericSequence {

    /** Number of time steps. */
    int length();

    /** Whether step {@code t} has a target, i.e. contributes to the loss. */
    boolean hasTarget(int t);
}

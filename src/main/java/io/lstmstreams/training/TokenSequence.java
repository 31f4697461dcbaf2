package io.lstmstreams.training;

import java.util.Arrays;

/**
 * Token ids per slot and a class per step, for a softmax head.
 *
 * @param ids     {@code ids[slot][t]}, slots in the order of the spec's token slots
 * @param targets class at each step, or {@link #NO_TARGET} where the step has no loss (unlabelled)
 */
public record TokenSequence(int[][] ids, int[] targets) implements TrainingSequence {

    public static final int NO_TARGET = -1;

    public TokenSequence {
        if (ids.length == 0) {
            throw new IllegalArgumentException("a token sequence needs at least one slot");
        }
        for (int[] slot : ids) {
            if (slot.length != targets.length) {
                throw new IllegalArgumentException("every slot needs one id per target: " + slot.length + " ids, "
                        + targets.length + " targets");
            }
        }
        if (targets.length == 0) {
            throw new IllegalArgumentException("a sequence needs at least one step");
        }
    }

    /** A single-slot sequence. */
    public static TokenSequence of(int[] ids, int[] targets) {
        return new TokenSequence(new int[][] {ids}, targets);
    }

    @Override
    public int length() {
        return targets.length;
    }

    @Override
    public boolean hasTarget(int t) {
        return targets[t] != NO_TARGET;
    }

    // Arrays in a record compare by identity; compare contents instead.
    @Override
    public boolean equals(Object other) {
        return other instanceof TokenSequence that && Arrays.deepEquals(ids, that.ids) && Arrays.equals(targets, that.targets);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(ids) + Arrays.hashCode(targets);
    }

    @Override
    public String toString() {
        return "TokenSequence[ids=" + Arrays.deepToString(ids) + ", targets=" + Arrays.toString(targets) + "]";
    }
}

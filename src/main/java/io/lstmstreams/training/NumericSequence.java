package io.lstmstreams.training;

import java.util.Arrays;

/**
 * Feature vectors and numeric targets per step, for a regression head.
 *
 * @param features {@code features[t][feature]}
 * @param targets  {@code targets[t][output]}; a step with any NaN has no target (no loss), e.g. the last step
 *                 of a series whose next value is unknown
 */
public record NumericSequence(float[][] features, float[][] targets) implements TrainingSequence {

    public NumericSequence {
        if (features.length != targets.length) {
            throw new IllegalArgumentException(features.length + " feature steps but " + targets.length + " target steps");
        }
        if (features.length == 0) {
            throw new IllegalArgumentException("a sequence needs at least one step");
        }
    }

    @Override
    public int length() {
        return features.length;
    }

    @Override
    public boolean hasTarget(int t) {
        for (float value : targets[t]) {
            if (Float.isNaN(value)) {
                return false;
            }
        }
        return true;
    }

    // Arrays in a record compare by identity; compare contents instead.
    @Override
    public boolean equals(Object other) {
        return other instanceof NumericSequence that
                && Arrays.deepEquals(features, that.features) && Arrays.deepEquals(targets, that.targets);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(features) + Arrays.deepHashCode(targets);
    }

    @Override
    public String toString() {
        return "NumericSequence[steps=" + features.length + "]";
    }
}

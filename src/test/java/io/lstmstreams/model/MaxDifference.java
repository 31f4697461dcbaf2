package io.lstmstreams.model;

import static org.assertj.core.api.Assertions.assertThat;

/** Tracks the largest absolute difference seen between engines, and fails past the tolerance. */
final class MaxDifference {

    static final double TOLERANCE = 1e-5;

    private final String what;
    private double max;

    MaxDifference(String what) {
        this.what = what;
    }

    void compare(String where, float[] expected, float[] actual) {
        assertThat(actual).as(where).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            double difference = Math.abs(expected[i] - actual[i]);
            max = Math.max(max, difference);
            assertThat(difference).as("%s [%d]: expected %s, got %s", where, i, expected[i], actual[i]).isLessThanOrEqualTo(TOLERANCE);
        }
    }

    void compare(String where, float[][] expected, float[][] actual) {
        assertThat(actual).as(where).hasDimensions(expected.length, expected[0].length);
        for (int row = 0; row < expected.length; row++) {
            compare(where + " row " + row, expected[row], actual[row]);
        }
    }

    double max() {
        return max;
    }

    /** Prints the maximum, so a test run reports how close the engines are, not just that they pass. */
    void report() {
        System.out.printf("max |difference| %s: %.3g%n", what, max);
    }
}

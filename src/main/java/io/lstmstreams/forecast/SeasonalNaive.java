package io.lstmstreams.forecast;

import java.util.Arrays;

/**
 * Seasonal-naive forecaster, online: {@code y[t+k] = y[t+k-m*ceil(k/m)]}, i.e. the last value seen at the same
 * position in the season. A missing value does not overwrite its position, so the forecast falls back to the
 * season before. With {@code m = 1} this is the naive (last value) forecast. Mutable, one per series.
 */
final class SeasonalNaive {

    final double[] lastAtPhase;
    long steps;

    public SeasonalNaive(int season) {
        if (season < 1) {
            throw new IllegalArgumentException("season must be at least 1, got " + season);
        }
        lastAtPhase = new double[season];
        Arrays.fill(lastAtPhase, Double.NaN);
    }

    /** The value one season before the next step (NaN until that position was observed). */
    public double seasonAgo() {
        return lastAtPhase[(int) (steps % lastAtPhase.length)];
    }

    /** Records the next step's value (NaN when missing). */
    public void observe(double value) {
        if (!Double.isNaN(value)) {
            lastAtPhase[(int) (steps % lastAtPhase.length)] = value;
        }
        steps++;
    }

    /** The forecast {@code k >= 1} steps after the last observed step. */
    public double forecast(int k) {
        return lastAtPhase[(int) ((steps - 1 + k) % lastAtPhase.length)];
    }
}

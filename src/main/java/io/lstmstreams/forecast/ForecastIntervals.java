package io.lstmstreams.forecast;

import java.util.Arrays;

/**
 * Prediction intervals from a series' own forecast errors, online split conformal prediction per horizon: for each
 * horizon k it keeps the last {@link #ERRORS} absolute errors of its issued forecasts, in units of the series' scale
 * (so an interval widens and narrows with the series), and bounds the next forecast at level L by the
 * {@code ceil((n + 1) L)}-th smallest of the n errors kept, times the scale now. Exchangeable errors would give
 * coverage of at least L; a series' errors are not quite that, which the evaluation's coverage figures show. While
 * too few errors have been kept for a level (19 for 95%, 4 for 80%) its bounds are NaN. Mutable, part of the series
 * state.
 */
final class ForecastIntervals {

    /** Errors kept per horizon: five seasons of 12, recent enough to follow a change, enough for a 95% bound. */
    static final int ERRORS = 60;

    /** {@code errors[k-1][i]}: scaled absolute errors, in a ring (float32: the state stays small, and so exact). */
    final float[][] errors;
    /** Errors ever recorded per horizon; the next one goes to {@code recorded % ERRORS}. */
    final long[] recorded;
    private final float[] sorted = new float[ERRORS];

    ForecastIntervals(int horizon) {
        errors = new float[horizon][ERRORS];
        recorded = new long[horizon];
    }

    /** Learns a scored forecast's error, {@code |actual - forecast|}, in units of {@code scale}. */
    void learn(int k, double absoluteError, double scale) {
        int h = k - 1;
        errors[h][(int) (recorded[h] % ERRORS)] = (float) (absoluteError / scale);
        recorded[h]++;
    }

    /**
     * Half the widths of the horizon-{@code k} intervals at {@code levels}, in the series' units at {@code scale},
     * into {@code halfWidths}; NaN for a level while too few errors are kept.
     */
    void halfWidths(int k, double[] levels, double scale, double[] halfWidths) {
        int h = k - 1;
        int kept = (int) Math.min(recorded[h], ERRORS);
        System.arraycopy(errors[h], 0, sorted, 0, kept);
        Arrays.sort(sorted, 0, kept);
        for (int i = 0; i < levels.length; i++) {
            int rank = (int) Math.ceil((kept + 1) * levels[i]);
            halfWidths[i] = rank > kept ? Double.NaN : sorted[rank - 1] * scale;
        }
    }
}

package io.lstmstreams.forecast;

import io.lstmstreams.model.RecurrentState;
import java.util.Arrays;

/**
 * Everything kept per series between two of its windows: the LSTM's h and c, the {@link SeriesTracker} (running
 * normalisation, Holt-Winters, seasonal-naive memory), the weights of the LSTM's correction, the errors its intervals
 * come from, how many
 * windows came and when the last one closed, the forecasts still waiting for their actual value with the intervals
 * issued around them, and the last values of the series (what its state is rebuilt from when the model changes). Mutable: the forecaster updates it
 * in place, a store holds its bytes ({@link SeriesStateCodec}).
 */
final class SeriesState {

    static final int LSTM = 0;
    static final int SEASONAL_NAIVE = 1;
    static final int HOLT_WINTERS = 2;
    /** The fully corrected forecast, before {@link CorrectionWeights} scales the correction. */
    static final int CORRECTED = 3;
    static final int METHODS = 4;

    RecurrentState recurrent;
    SeriesTracker tracker;
    final CorrectionWeights weights;
    final ForecastIntervals intervals;
    /** {@code pending[method][issued step mod h][k-1]}: the forecast issued at that step for k windows later. */
    final double[][][] pending;
    /** The levels of the issued intervals, as {@link #issuedHalfWidths} indexes them: none in a state from before them. */
    double[] levels;
    /**
     * {@code issuedHalfWidths[level][issued step mod h][k-1]}: half the width of the interval issued at that step around
     * {@code pending[LSTM]}'s forecast for k windows later; NaN where none was issued (too few errors kept yet).
     */
    double[][][] issuedHalfWidths;
    /** The value of step s (NaN when missing) at {@code history[s % length]}, for the last {@code length} steps. */
    final double[] history;
    long steps;
    long lastWindowEnd = Long.MIN_VALUE;

    /** @param levels the levels of the intervals it will be issued, none issued yet */
    SeriesState(RecurrentState recurrent, SeriesTracker tracker, CorrectionWeights weights, ForecastIntervals intervals,
                double[] levels, int historyLength) {
        if (historyLength < 1) {
            throw new IllegalArgumentException("history length must be positive, got " + historyLength);
        }
        this.recurrent = recurrent;
        this.tracker = tracker;
        this.weights = weights;
        this.intervals = intervals;
        this.history = new double[historyLength];
        this.pending = notIssued(METHODS, tracker.horizon);
        this.levels = levels.clone();
        this.issuedHalfWidths = notIssued(levels.length, tracker.horizon);
    }

    /** {@code [count][h][h]} NaNs. */
    private static double[][][] notIssued(int count, int horizon) {
        double[][][] values = new double[count][horizon][horizon];
        for (double[][] of : values) {
            for (double[] issued : of) {
                Arrays.fill(issued, Double.NaN);
            }
        }
        return values;
    }

    /**
     * Indexes the issued intervals by {@code configured} from now on: a level issued before keeps its half-widths, one
     * that was not (the configuration changed, or the state is from before intervals were kept) has none issued.
     */
    void useLevels(double[] configured) {
        if (Arrays.equals(levels, configured)) {
            return;
        }
        double[][][] halfWidths = notIssued(configured.length, tracker.horizon);
        for (int i = 0; i < configured.length; i++) {
            for (int j = 0; j < levels.length; j++) {
                if (levels[j] == configured[i]) {
                    copy(issuedHalfWidths[j], halfWidths[i]);
                }
            }
        }
        levels = configured.clone();
        issuedHalfWidths = halfWidths;
    }

    public RecurrentState recurrent() {
        return recurrent;
    }

    public int season() {
        return tracker.season;
    }

    public HoltWinters.Params holtWintersParams() {
        return tracker.holtWinters.params();
    }

    /** Windows seen so far. */
    public long steps() {
        return steps;
    }

    public long lastWindowEnd() {
        return lastWindowEnd;
    }

    void remember(double value) {
        history[(int) (steps % history.length)] = value;
    }

    /**
     * The remembered values from the first step at the start of a season that the history still holds (or from
     * step 0), to the last: replayed from there, a fresh tracker sees every step at its true phase.
     */
    double[] replayableHistory() {
        long first = 0;
        if (steps > history.length) {
            long oldest = steps - history.length;
            first = (oldest + tracker.season - 1) / tracker.season * tracker.season;
        }
        double[] values = new double[(int) (steps - first)];
        for (long s = first; s < steps; s++) {
            values[(int) (s - first)] = history[(int) (s % history.length)];
        }
        return values;
    }

    static void copy(double[][][] from, double[][][] to) {
        for (int i = 0; i < from.length; i++) {
            copy(from[i], to[i]);
        }
    }

    static void copy(double[][] from, double[][] to) {
        for (int i = 0; i < from.length; i++) {
            System.arraycopy(from[i], 0, to[i], 0, from[i].length);
        }
    }
}

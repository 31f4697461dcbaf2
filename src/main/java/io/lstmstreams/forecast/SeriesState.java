package io.lstmstreams.forecast;

import io.lstmstreams.model.RecurrentState;
import java.util.Arrays;

/**
 * Everything kept per series between two of its windows: the LSTM's h and c, the {@link SeriesTracker} (running
 * normalisation, Holt-Winters, seasonal-naive memory), the weights of the LSTM's correction, the errors its intervals
 * come from, how many
 * windows came and when the last one closed, the forecasts still waiting for their actual value, and the last
 * values of the series (what its state is rebuilt from when the model changes). Mutable: the forecaster updates it
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
    /** The value of step s (NaN when missing) at {@code history[s % length]}, for the last {@code length} steps. */
    final double[] history;
    long steps;
    long lastWindowEnd = Long.MIN_VALUE;

    SeriesState(RecurrentState recurrent, SeriesTracker tracker, CorrectionWeights weights, ForecastIntervals intervals,
                int historyLength) {
        if (historyLength < 1) {
            throw new IllegalArgumentException("history length must be positive, got " + historyLength);
        }
        this.recurrent = recurrent;
        this.tracker = tracker;
        this.weights = weights;
        this.intervals = intervals;
        this.history = new double[historyLength];
        this.pending = new double[METHODS][tracker.horizon][tracker.horizon];
        for (double[][] method : pending) {
            for (double[] issued : method) {
                Arrays.fill(issued, Double.NaN);
            }
        }
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

package io.lstmstreams.forecasting;

import io.lstmstreams.model.RecurrentState;
import java.util.Arrays;

/**
 * Everything kept per series between two of its windows: the LSTM's h and c, the {@link SeriesTracker} (running
 * normalisation, Holt-Winters, seasonal-naive memory), the weights of the LSTM's correction, how many
 * windows came and when the last one closed, and
 * the forecasts still waiting for their actual value. Mutable: the forecaster updates it in place, a store holds
 * its bytes ({@link SeriesStateCodec}).
 */
public final class SeriesState {

    static final int LSTM = 0;
    static final int SEASONAL_NAIVE = 1;
    static final int HOLT_WINTERS = 2;
    /** The fully corrected forecast, before {@link CorrectionWeights} scales the correction. */
    static final int CORRECTED = 3;
    static final int METHODS = 4;

    final RecurrentState recurrent;
    final SeriesTracker tracker;
    final CorrectionWeights weights;
    /** {@code pending[method][issued step mod h][k-1]}: the forecast issued at that step for k windows later. */
    final double[][][] pending;
    long steps;
    long lastWindowEnd = Long.MIN_VALUE;

    SeriesState(RecurrentState recurrent, SeriesTracker tracker, CorrectionWeights weights) {
        this.recurrent = recurrent;
        this.tracker = tracker;
        this.weights = weights;
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

    /**
     * Takes over the forecasts {@code other} issued and that are not scored yet, and its correction weights
     * (learned from scored forecasts only). After a model change the
     * state is rebuilt by replaying the history; the forecasts already issued stay those of the model that
     * issued them, so a new model never gets credit for forecasts made before it was trained.
     */
    public void keepPendingForecastsOf(SeriesState other) {
        if (other.steps != steps || other.tracker.horizon != tracker.horizon) {
            throw new IllegalArgumentException("states are at different steps or horizons");
        }
        copy(other.pending, pending);
        copy(other.weights.errors, weights.errors);
        System.arraycopy(other.weights.scored, 0, weights.scored, 0, tracker.horizon);
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

package io.lstmstreams.forecast;

import io.lstmstreams.model.KeyStepper;
import io.lstmstreams.model.RecurrentState;
import io.lstmstreams.wire.ForecastMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-series logic of forecasting, shared by the stream processor (one call per closed window) and the
 * offline evaluation, so both compute exactly the same forecasts. For each window it scores the forecasts made
 * for it, learns its value, steps the LSTM once and issues the forecast of the next {@code h} windows.
 *
 * <p>The LSTM forecasts a correction to online Holt-Winters (residual learning): forecast = HW forecast +
 * w x scale x LSTM output, with the scale from the series' running normalisation and w the series' own
 * {@link CorrectionWeights} (0 until the correction has proved itself on that series). A series it never saw is
 * forecast from its first window (Holt-Winters' warm-up: the last value, corrected).
 *
 * <p>Every forecast carries prediction intervals from the series' own errors ({@link ForecastIntervals}); the state
 * keeps their half-widths beside the forecast, so that its score says whether the actual value fell within.
 *
 * <p>A series whose state another model built is first rebuilt under this one ({@link #adopt}): the old h and c
 * mean nothing to new weights, so the remembered values are replayed through a fresh tracker, with Holt-Winters
 * constants refitted on them, and a zero LSTM state. The forecasts already issued, and the correction weights learned
 * from their scores, stay: a new model gets no credit for forecasts made before it ran.
 *
 * <p>Holds scratch buffers: not thread-safe, one per thread.
 */
final class SeriesForecaster {

    /** Largest correction, in units of scale: a model far outside its training range falls back towards HW. */
    static final float MAX_CORRECTION = 3;

    /** Windows remembered per series, to rebuild its state after a model change: 8 seasons of 12. */
    public static final int DEFAULT_HISTORY = 96;

    /** The intervals' levels unless configured otherwise ({@code forecast.interval.levels}). */
    static final double[] DEFAULT_LEVELS = {0.8, 0.95};

    private final ForecastModel model;
    private final int historyLength;
    private final double[] levels;
    private final double[] halfWidths;
    private final int horizon;
    private final KeyStepper stepper;
    private final float[] features;
    private final float[] output;

    /** With the {@link #DEFAULT_LEVELS}. */
    public SeriesForecaster(ForecastModel model, int historyLength) {
        this(model, historyLength, DEFAULT_LEVELS);
    }

    /**
     * @param historyLength windows remembered per series (at least a season, or the rebuild loses its phase)
     * @param levels        the prediction intervals' levels, each in (0, 1)
     */
    public SeriesForecaster(ForecastModel model, int historyLength, double[] levels) {
        for (double level : levels) {
            if (!(level > 0 && level < 1)) {
                throw new IllegalArgumentException("an interval level must be in (0, 1), got " + level);
            }
        }
        this.model = model;
        this.historyLength = historyLength;
        this.levels = levels.clone();
        this.halfWidths = new double[levels.length];
        this.horizon = model.horizon();
        this.stepper = new KeyStepper(model.weights());
        this.features = new float[SeriesTracker.featureCount(horizon)];
        this.output = new float[horizon];
    }

    public ForecastModel model() {
        return model;
    }

    /** The state of a series nobody has seen yet, with default Holt-Winters constants. */
    public SeriesState newState(int season) {
        if (historyLength < season) {
            throw new IllegalArgumentException("a history of " + historyLength + " windows is shorter than the season " + season);
        }
        return new SeriesState(RecurrentState.zeros(model.weights().spec(), model.version()),
                new SeriesTracker(season, horizon, HoltWinters.Params.DEFAULT), new CorrectionWeights(horizon),
                new ForecastIntervals(horizon), levels, historyLength);
    }

    /**
     * One closed window of a series.
     *
     * @param valueOrNaN the window's values, the forecast variable first; NaN when the window was empty
     * @return the scores of the forecasts made for this window (one per horizon that has one), then the new forecast
     */
    public List<ForecastMessage> accept(String seriesId, SeriesState state, long windowEnd, double[] valueOrNaN) {
        if (valueOrNaN.length == 0) {
            throw new IllegalArgumentException("a window needs at least the forecast variable's value");
        }
        if (state.steps > 0 && windowEnd <= state.lastWindowEnd) {
            throw new IllegalArgumentException("window " + windowEnd + " of " + seriesId + " is not after " + state.lastWindowEnd);
        }
        adopt(state);
        state.useLevels(levels);
        double actual = valueOrNaN[0];
        long step = state.steps;
        List<ForecastMessage> outputs = new ArrayList<>(horizon + 1);
        if (!Double.isNaN(actual)) {
            score(seriesId, state, windowEnd, step, actual, outputs);
        }

        SeriesTracker tracker = state.tracker;
        state.remember(actual);
        tracker.observe(actual, features);
        stepper.step(state.recurrent, features, output);

        int slot = (int) (step % horizon);
        double[] values = new double[horizon];
        double[][] lower = new double[levels.length][horizon];
        double[][] upper = new double[levels.length][horizon];
        for (int k = 1; k <= horizon; k++) {
            double correction = Math.max(-MAX_CORRECTION, Math.min(MAX_CORRECTION, output[k - 1]));
            double corrected = tracker.baseline(k) + tracker.scale() * correction;
            values[k - 1] = tracker.baseline(k) + state.weights.weight(k) * (corrected - tracker.baseline(k));
            state.pending[SeriesState.LSTM][slot][k - 1] = values[k - 1];
            state.pending[SeriesState.CORRECTED][slot][k - 1] = corrected;
            state.pending[SeriesState.SEASONAL_NAIVE][slot][k - 1] = tracker.seasonalNaive(k);
            state.pending[SeriesState.HOLT_WINTERS][slot][k - 1] = tracker.baseline(k);
            state.intervals.halfWidths(k, levels, tracker.scale(), halfWidths);
            for (int i = 0; i < levels.length; i++) {
                state.issuedHalfWidths[i][slot][k - 1] = halfWidths[i];
                lower[i][k - 1] = values[k - 1] - halfWidths[i];
                upper[i][k - 1] = values[k - 1] + halfWidths[i];
            }
        }
        state.steps++;
        state.lastWindowEnd = windowEnd;
        List<ForecastMessage.Interval> intervals = new ArrayList<>(levels.length);
        for (int i = 0; i < levels.length; i++) {
            intervals.add(new ForecastMessage.Interval(levels[i], lower[i], upper[i]));
        }
        outputs.add(new ForecastMessage.Forecast(ForecastMessage.FORMAT_VERSION, seriesId, windowEnd, horizon, values,
                model.version(), intervals));
        return outputs;
    }

    /** Rebuilds the state of a series under this model, if another one built it. */
    private void adopt(SeriesState state) {
        if (state.recurrent.modelVersion() == model.version()) {
            return;
        }
        double[] history = state.replayableHistory();
        state.tracker = new SeriesTracker(state.season(), horizon, HoltWinters.fit(history, state.season()));
        state.recurrent = RecurrentState.zeros(model.weights().spec(), model.version());
        for (double value : history) {
            state.tracker.observe(value, features);
            stepper.step(state.recurrent, features, output);
        }
    }

    /**
     * Scores what was forecast for this window, and learns the correction weights from it; a horizon is skipped
     * while any of the three had no forecast. An interval issued with the forecast is scored with its bounds as the
     * forecast carried them, and covers the actual value as {@link ForecastMessage.Interval#covers} says: within
     * them, ends included.
     */
    private void score(String seriesId, SeriesState state, long windowEnd, long step, double actual,
                       List<ForecastMessage> outputs) {
        for (int k = 1; k <= horizon && k <= step; k++) {
            int slot = (int) ((step - k) % horizon);
            double forecast = state.pending[SeriesState.LSTM][slot][k - 1];
            double seasonalNaive = state.pending[SeriesState.SEASONAL_NAIVE][slot][k - 1];
            double holtWinters = state.pending[SeriesState.HOLT_WINTERS][slot][k - 1];
            if (!Double.isNaN(forecast) && !Double.isNaN(seasonalNaive) && !Double.isNaN(holtWinters)) {
                state.weights.learn(k, holtWinters, state.pending[SeriesState.CORRECTED][slot][k - 1], actual);
                state.intervals.learn(k, Math.abs(forecast - actual), state.tracker.scale());
                outputs.add(ForecastMessage.Error.of(seriesId, windowEnd, k, actual, forecast, seasonalNaive, holtWinters,
                        model.version(), scoredIntervals(state, slot, k, forecast, actual)));
            }
        }
    }

    /** The intervals issued at {@code slot} around {@code forecast}, k windows ahead, against the actual value. */
    private List<ForecastMessage.ScoredInterval> scoredIntervals(SeriesState state, int slot, int k, double forecast,
                                                                 double actual) {
        List<ForecastMessage.ScoredInterval> scored = new ArrayList<>(levels.length);
        for (int i = 0; i < levels.length; i++) {
            double halfWidth = state.issuedHalfWidths[i][slot][k - 1];
            if (!Double.isNaN(halfWidth)) {
                double lower = forecast - halfWidth;
                double upper = forecast + halfWidth;
                scored.add(new ForecastMessage.ScoredInterval(levels[i], lower, upper, lower <= actual && actual <= upper));
            }
        }
        return scored;
    }
}

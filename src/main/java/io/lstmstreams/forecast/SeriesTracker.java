package io.lstmstreams.forecast;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * What a series' model input is computed from, besides the LSTM's own state: the running normalisation, the
 * online statistical base the LSTM corrects ({@link Ets}, the AICc-best form fitted on the series' windows), and the
 * seasonal-naive memory. {@link #observe} turns one step's
 * value into the step's features; training and the forecaster both go through it, so they see the same input.
 *
 * <p>Features (see {@link #featureNames}): normalised value (0 when missing), missing flag, the base's
 * one-step error and the seasonal difference (both in units of scale), sin and cos of the position in the
 * season, then the base's forecasts for the next {@code h} steps, normalised (named hw_* since the base was
 * Holt-Winters: bundles name their features).
 */
final class SeriesTracker {

    static final int FIXED_FEATURES = 6;

    final int season;
    final int horizon;
    final RunningNormaliser normaliser;
    final Ets base;
    final SeasonalNaive seasonalNaive;

    /** A series seen for the first time: the base has default constants and starts from the first season. */
    public static SeriesTracker fresh(int season, int horizon) {
        return new SeriesTracker(season, horizon, new Ets(season, Ets.Model.defaults(season)));
    }

    /**
     * A tracker about to replay {@code values} from their first: the base is the AICc-best ETS fitted on them (default
     * constants when they are too few for any form).
     */
    public static SeriesTracker fitted(int season, int horizon, double[] values) {
        Ets.Fit fit = Ets.fit(values, season);
        return new SeriesTracker(season, horizon, fit != null ? new Ets(season, fit) : new Ets(season, Ets.Model.defaults(season)));
    }

    private SeriesTracker(int season, int horizon, Ets base) {
        this(season, horizon, new RunningNormaliser(normaliserWindow(season)), base, new SeasonalNaive(season));
    }

    SeriesTracker(int season, int horizon, RunningNormaliser normaliser, Ets base, SeasonalNaive seasonalNaive) {
        this.season = season;
        this.horizon = horizon;
        this.normaliser = normaliser;
        this.base = base;
        this.seasonalNaive = seasonalNaive;
    }

    /** Four seasons, at least 24 steps: long enough to average a season out, short enough to follow a trend. */
    static int normaliserWindow(int season) {
        return Math.max(24, 4 * season);
    }

    public static int featureCount(int horizon) {
        return FIXED_FEATURES + horizon;
    }

    public static List<String> featureNames(int horizon) {
        return Stream.concat(Stream.of("value", "missing", "hw_error", "seasonal_difference", "season_sin", "season_cos"),
                IntStream.rangeClosed(1, horizon).mapToObj(k -> "hw_forecast_" + k)).toList();
    }

    /** Learns the next step's value (NaN when missing) and writes that step's features. */
    public void observe(double value, float[] features) {
        long step = seasonalNaive.steps;
        double seasonAgo = seasonalNaive.seasonAgo();
        double expected = base.forecast(1);
        normaliser.observe(value);
        base.observe(value);
        seasonalNaive.observe(value);

        boolean missing = Double.isNaN(value);
        double angle = 2 * Math.PI * (step % season) / season;
        features[0] = (float) normaliser.normalise(value);
        features[1] = missing ? 1 : 0;
        features[2] = (float) normaliser.normaliseDifference(value, expected);
        features[3] = (float) normaliser.normaliseDifference(value, seasonAgo);
        features[4] = season == 1 ? 0 : (float) Math.sin(angle);
        features[5] = season == 1 ? 0 : (float) Math.cos(angle);
        for (int k = 1; k <= horizon; k++) {
            features[FIXED_FEATURES + k - 1] = (float) normaliser.normalise(base.forecast(k));
        }
    }

    /** The base's forecast {@code k} steps ahead: what the LSTM's output corrects. */
    public double baseline(int k) {
        return base.forecast(k);
    }

    /** The unit of the LSTM's output: a correction of 1 moves the forecast by this much. */
    public double scale() {
        return normaliser.scale();
    }

    public double seasonalNaive(int k) {
        return seasonalNaive.forecast(k);
    }
}

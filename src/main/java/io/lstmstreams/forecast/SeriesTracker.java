package io.lstmstreams.forecast;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * What a series' model input is computed from, besides the LSTM's own state: the running normalisation, the
 * online Holt-Winters the LSTM corrects, and the seasonal-naive memory. {@link #observe} turns one step's
 * value into the step's features; training and the forecaster both go through it, so they see the same input.
 *
 * <p>Features (see {@link #featureNames}): normalised value (0 when missing), missing flag, the Holt-Winters
 * one-step error and the seasonal difference (both in units of scale), sin and cos of the position in the
 * season, then Holt-Winters' forecasts for the next {@code h} steps, normalised.
 */
final class SeriesTracker {

    static final int FIXED_FEATURES = 6;

    final int season;
    final int horizon;
    final RunningNormaliser normaliser;
    final HoltWinters holtWinters;
    final SeasonalNaive seasonalNaive;

    public SeriesTracker(int season, int horizon, HoltWinters.Params params) {
        this(season, horizon, new RunningNormaliser(normaliserWindow(season)), new HoltWinters(season, params),
                new SeasonalNaive(season));
    }

    SeriesTracker(int season, int horizon, RunningNormaliser normaliser, HoltWinters holtWinters, SeasonalNaive seasonalNaive) {
        this.season = season;
        this.horizon = horizon;
        this.normaliser = normaliser;
        this.holtWinters = holtWinters;
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
        double expected = holtWinters.forecast(1);
        normaliser.observe(value);
        holtWinters.observe(value);
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
            features[FIXED_FEATURES + k - 1] = (float) normaliser.normalise(holtWinters.forecast(k));
        }
    }

    /** Holt-Winters' forecast {@code k} steps ahead: what the LSTM's output corrects. */
    public double baseline(int k) {
        return holtWinters.forecast(k);
    }

    /** The unit of the LSTM's output: a correction of 1 moves the forecast by this much. */
    public double scale() {
        return normaliser.scale();
    }

    public double seasonalNaive(int k) {
        return seasonalNaive.forecast(k);
    }
}

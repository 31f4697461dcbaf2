package io.lstmstreams.forecast;

import io.lstmstreams.config.ConfigKey;
import io.lstmstreams.config.Settings;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How the forecasting pipeline turns points into a regular series and forecasts it.
 *
 * @param storeName  the state store (and so changelog) of the per-series state
 * @param windowSize length of the event-time tumbling windows: one window is one step of the series
 * @param grace      how long after a window's end its late points are still counted; later ones are dead-lettered
 * @param aggregate  how a window's points become its value
 * @param season     season length in windows, for Holt-Winters, seasonal naive and MASE
 * @param historyLength windows remembered per series, to rebuild its state when the model changes
 * @param futureTolerance points stamped further ahead of the clock are dead-lettered (reason {@code future})
 * @param pastTolerance   points stamped further behind the clock are dead-lettered (reason {@code past})
 */
record ForecastSettings(String storeName, Duration windowSize, Duration grace, Aggregate aggregate,
                               int season, int historyLength, Duration futureTolerance, Duration pastTolerance,
                               List<Double> intervalLevels) {

    public static final int DEFAULT_SEASON = 12;
    /**
     * The broker refuses records stamped more than {@code log.message.timestamp.after.max.ms} (1 h by default) ahead,
     * and the windows' changelog records carry the points' time: a point further ahead would stop the pipeline.
     * Five minutes of margin for clock skew between this instance and the broker.
     */
    static final Duration MAX_FUTURE_TOLERANCE = Duration.ofMinutes(55);

    /** How a closed window's points become one value per variable. */
    public enum Aggregate {
        MEAN, SUM, LAST
    }

    public ForecastSettings {
        Objects.requireNonNull(storeName, "storeName");
        Objects.requireNonNull(aggregate, "aggregate");
        if (windowSize.isNegative() || windowSize.isZero()) {
            throw new IllegalArgumentException("windowSize must be positive, got " + windowSize);
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must be >= 0, got " + grace);
        }
        if (season < 1) {
            throw new IllegalArgumentException("season must be positive, got " + season);
        }
        if (historyLength < season) {
            throw new IllegalArgumentException("historyLength must be at least the season " + season + ", got " + historyLength);
        }
        if (futureTolerance.isNegative() || futureTolerance.compareTo(MAX_FUTURE_TOLERANCE) > 0) {
            throw new IllegalArgumentException(ForecastTask.FUTURE_TOLERANCE.name() + " must be at most "
                    + MAX_FUTURE_TOLERANCE.toMinutes() + "m (the broker refuses records an hour ahead), got " + futureTolerance);
        }
        if (pastTolerance.isNegative()) {
            throw new IllegalArgumentException("pastTolerance must be >= 0, got " + pastTolerance);
        }
        intervalLevels = List.copyOf(intervalLevels);
    }

    static final List<ConfigKey<?>> KEYS = List.of(ForecastTask.WINDOW_SIZE, ForecastTask.WINDOW_GRACE,
            ForecastTask.AGGREGATE, ForecastTask.SEASON, ForecastTask.FUTURE_TOLERANCE, ForecastTask.PAST_TOLERANCE,
            ForecastTask.INTERVAL_LEVELS);

    /** The pipeline's settings as configured. */
    public static ForecastSettings of(Settings settings) {
        return defaults().withWindows(settings.get(ForecastTask.WINDOW_SIZE), settings.get(ForecastTask.WINDOW_GRACE),
                Aggregate.valueOf(settings.get(ForecastTask.AGGREGATE).toUpperCase(Locale.ROOT)),
                settings.get(ForecastTask.SEASON))
                .withTolerances(settings.get(ForecastTask.FUTURE_TOLERANCE), settings.get(ForecastTask.PAST_TOLERANCE))
                .withIntervalLevels(settings.get(ForecastTask.INTERVAL_LEVELS));
    }

    /**
     * One-minute windows, 10 s grace, mean, season 12, a history of 96 windows; points from 7 days behind to 10 s ahead;
     * intervals at 80% and 95%.
     */
    public static ForecastSettings defaults() {
        return new ForecastSettings("forecast-series", Duration.ofMinutes(1), Duration.ofSeconds(10),
                Aggregate.MEAN, DEFAULT_SEASON, SeriesForecaster.DEFAULT_HISTORY, Duration.ofSeconds(10), Duration.ofDays(7),
                Arrays.stream(SeriesForecaster.DEFAULT_LEVELS).boxed().toList());
    }

    public ForecastSettings withWindows(Duration size, Duration grace, Aggregate aggregate, int season) {
        return new ForecastSettings(storeName, size, grace, aggregate, season, Math.max(historyLength, season),
                futureTolerance, pastTolerance, intervalLevels);
    }

    public ForecastSettings withTolerances(Duration future, Duration past) {
        return new ForecastSettings(storeName, windowSize, grace, aggregate, season, historyLength, future, past,
                intervalLevels);
    }

    public ForecastSettings withIntervalLevels(List<Double> levels) {
        return new ForecastSettings(storeName, windowSize, grace, aggregate, season, historyLength, futureTolerance,
                pastTolerance, levels);
    }

    /** The levels as the forecaster takes them. */
    double[] levels() {
        return intervalLevels.stream().mapToDouble(Double::doubleValue).toArray();
    }
}

package io.lstmstreams.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.List;

/**
 * What the forecasting pipeline writes, wire format version 1 (keyed by series id). NaN, where a baseline had no
 * forecast yet, is written as the string {@code "NaN"}.
 */
public sealed interface ForecastMessage {

    int FORMAT_VERSION = 1;

    static <T extends ForecastMessage> T parse(byte[] json, Class<T> type) {
        return Json.read(json, type);
    }

    default byte[] toJson() {
        return Json.write(this);
    }

    /**
     * On {@code lstm.forecasts}: {@code {"v":1,"series":"cpu","windowEnd":1700000060000,"horizon":3,
     * "values":[1.0,2.0,3.0],"modelVersion":2,"intervals":[{"level":0.8,"lower":[0.5,1.2,"NaN"],
     * "upper":[1.5,2.8,"NaN"]}]}}, {@code values[k-1]} the forecast of the k-th window after {@code windowEnd}'s,
     * each interval's bounds NaN at a horizon whose errors are still too few for its level. A record from before
     * intervals has none.
     */
    record Forecast(int v, String series, long windowEnd, int horizon, double[] values, long modelVersion,
                    List<Interval> intervals) implements ForecastMessage {

        public Forecast {
            intervals = intervals == null ? List.of() : List.copyOf(intervals);
        }

        public Forecast(int v, String series, long windowEnd, int horizon, double[] values, long modelVersion) {
            this(v, series, windowEnd, horizon, values, modelVersion, List.of());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Forecast that && v == that.v && series.equals(that.series) && windowEnd == that.windowEnd
                    && horizon == that.horizon && Arrays.equals(values, that.values) && modelVersion == that.modelVersion
                    && intervals.equals(that.intervals);
        }

        @Override
        public int hashCode() {
            return series.hashCode() * 31 + Long.hashCode(windowEnd);
        }

        @Override
        public String toString() {
            return "Forecast[" + series + ", " + windowEnd + ", " + Arrays.toString(values) + ", model " + modelVersion + "]";
        }
    }

    /** A prediction interval at {@code level} (0.8: 80%): {@code lower[k-1]} and {@code upper[k-1]} per horizon. */
    record Interval(double level, double[] lower, double[] upper) {

        /** Whether {@code actual}, the value of the k-th window after the forecast's, lies within; null without bounds. */
        public Boolean covers(int k, double actual) {
            if (Double.isNaN(lower[k - 1]) || Double.isNaN(upper[k - 1])) {
                return null;
            }
            return lower[k - 1] <= actual && actual <= upper[k - 1];
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Interval that && level == that.level && Arrays.equals(lower, that.lower)
                    && Arrays.equals(upper, that.upper);
        }

        @Override
        public int hashCode() {
            return Double.hashCode(level) * 31 + Arrays.hashCode(lower);
        }

        @Override
        public String toString() {
            return "Interval[" + level + ", " + Arrays.toString(lower) + ", " + Arrays.toString(upper) + "]";
        }
    }

    /**
     * On {@code lstm.labels}, one per closed window (empty ones too, value {@code "NaN"}): the series' realized
     * value, what forecasting retrains from. {@code {"v":1,"task":"forecast","series":"cpu","step":17,
     * "windowEnd":1700000060000,"value":42.0,"season":12}}; {@code step} counts the series' windows from 0.
     */
    record Realized(int v, String task, String series, long step, long windowEnd, double value, int season)
            implements ForecastMessage {
    }

    /**
     * On {@code lstm.forecast-errors}, one per scored forecast: the forecast made {@code horizon} windows before the
     * window ending at {@code windowEnd}, its actual value, and the two baselines' forecasts of the same window
     * (seasonal naive's absolute error is MASE's scale). On the wire the horizon is the field {@code step}, as
     * format version 1 has always written it. {@code intervals}: the forecast's intervals that were issued with it
     * (those with bounds), each with whether the actual value fell within; a record from before them has none.
     */
    record Error(int v, String series, long windowEnd, @JsonProperty("step") int horizon, double actual, double forecast,
                 double absError, double seasonalNaive, double holtWinters, long modelVersion,
                 List<ScoredInterval> intervals) implements ForecastMessage {

        public Error {
            intervals = intervals == null ? List.of() : List.copyOf(intervals);
        }

        public static Error of(String series, long windowEnd, int horizon, double actual, double forecast,
                               double seasonalNaive, double holtWinters, long modelVersion, List<ScoredInterval> intervals) {
            return new Error(FORMAT_VERSION, series, windowEnd, horizon, actual, forecast, Math.abs(forecast - actual),
                    seasonalNaive, holtWinters, modelVersion, intervals);
        }

        /** Symmetric absolute percentage error, in percent: {@code 200 |F - A| / (|F| + |A|)}, 0 when both are 0. */
        public double symmetricPercentageError() {
            double denominator = Math.abs(forecast) + Math.abs(actual);
            return denominator == 0 ? 0 : 200 * absError / denominator;
        }
    }

    /**
     * The interval at {@code level} issued with a scored forecast, its bounds as the {@link Forecast} carried them,
     * and whether the actual value fell within: {@code {"level":0.8,"lower":11.9,"upper":13.3,"covered":true}}.
     */
    record ScoredInterval(double level, double lower, double upper, boolean covered) {
    }
}

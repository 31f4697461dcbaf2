package io.lstmstreams.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;

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
     * "values":[1.0,2.0,3.0],"modelVersion":2}}, {@code values[k-1]} the forecast of the k-th window after
     * {@code windowEnd}'s.
     */
    record Forecast(int v, String series, long windowEnd, int horizon, double[] values, long modelVersion)
            implements ForecastMessage {

        @Override
        public boolean equals(Object other) {
            return other instanceof Forecast that && v == that.v && series.equals(that.series) && windowEnd == that.windowEnd
                    && horizon == that.horizon && Arrays.equals(values, that.values) && modelVersion == that.modelVersion;
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
     * format version 1 has always written it.
     */
    record Error(int v, String series, long windowEnd, @JsonProperty("step") int horizon, double actual, double forecast,
                 double absError, double seasonalNaive, double holtWinters, long modelVersion) implements ForecastMessage {

        public static Error of(String series, long windowEnd, int horizon, double actual, double forecast,
                               double seasonalNaive, double holtWinters, long modelVersion) {
            return new Error(FORMAT_VERSION, series, windowEnd, horizon, actual, forecast, Math.abs(forecast - actual),
                    seasonalNaive, holtWinters, modelVersion);
        }

        /** Symmetric absolute percentage error, in percent: {@code 200 |F - A| / (|F| + |A|)}, 0 when both are 0. */
        public double symmetricPercentageError() {
            double denominator = Math.abs(forecast) + Math.abs(actual);
            return denominator == 0 ? 0 : 200 * absError / denominator;
        }
    }
}

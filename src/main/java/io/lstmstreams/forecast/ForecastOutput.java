package io.lstmstreams.forecast;

import io.lstmstreams.wire.ForecastMessage;
import java.util.Arrays;

/** What the forecaster emits for a closed window: the forecast it issues, and the scores of earlier forecasts. */
sealed interface ForecastOutput {

    String seriesId();

    /** End of the window that was just closed. */
    long windowEnd();

    /** The wire form, stamped with the model that runs. */
    ForecastMessage toMessage(long modelVersion);

    /**
     * The forecast issued when window {@code step} closed.
     *
     * @param values       the next {@code h} windows' values, {@code values[k-1]} for the window {@code k} after
     * @param modelVersion the LSTM that corrected the Holt-Winters forecast
     */
    record Forecast(String seriesId, long windowEnd, long step, double[] values, long modelVersion) implements ForecastOutput {

        public Forecast {
            values = values.clone();
        }

        @Override
        public double[] values() {
            return values.clone();
        }

        @Override
        public ForecastMessage toMessage(long runningVersion) {
            return new ForecastMessage.Forecast(ForecastMessage.FORMAT_VERSION, seriesId, windowEnd, values.length,
                    values(), modelVersion);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Forecast that && seriesId.equals(that.seriesId) && windowEnd == that.windowEnd
                    && step == that.step && Arrays.equals(values, that.values) && modelVersion == that.modelVersion;
        }

        @Override
        public int hashCode() {
            return (seriesId.hashCode() * 31 + Long.hashCode(step)) * 31 + Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return "Forecast[" + seriesId + ", step " + step + ", end " + windowEnd + ", " + Arrays.toString(values)
                    + ", model " + modelVersion + "]";
        }
    }

    /**
     * A forecast made {@code horizon} windows ago, scored against window {@code step}'s actual value, beside what
     * the two baselines forecast for the same window (seasonal naive's error is MASE's scale).
     */
    record Score(String seriesId, long windowEnd, long step, int horizon, double actual, double forecast,
                 double seasonalNaive, double holtWinters) implements ForecastOutput {

        @Override
        public ForecastMessage toMessage(long modelVersion) {
            return new ForecastMessage.Error(ForecastMessage.FORMAT_VERSION, seriesId, windowEnd, horizon, actual,
                    forecast, absoluteError(), seasonalNaive, holtWinters, modelVersion);
        }

        public double absoluteError() {
            return Math.abs(forecast - actual);
        }

        /** Symmetric absolute percentage error, in percent: {@code 200 |F - A| / (|F| + |A|)}, 0 when both are 0. */
        public double symmetricPercentageError() {
            double denominator = Math.abs(forecast) + Math.abs(actual);
            return denominator == 0 ? 0 : 200 * Math.abs(forecast - actual) / denominator;
        }
    }
}

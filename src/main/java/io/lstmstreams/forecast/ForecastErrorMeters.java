package io.lstmstreams.forecast;

import io.lstmstreams.wire.ForecastMessage;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Absolute errors of every scored forecast, overall, as Micrometer summaries tagged by task (as every pipeline meter
 * is, for the dashboards' task filter), forecaster ({@code lstm},
 * {@code seasonal_naive}, {@code holt_winters}) and horizon (windows ahead, 1..h): Prometheus then has MAE
 * ({@code _sum / _count}) and MASE (the lstm sum over the seasonal-naive sum) for any range. Per-series errors are on
 * the forecast-errors topic, not in metrics: one time series per series id would not scale.
 */
final class ForecastErrorMeters {

    static final String NAME = "lstm.forecast.absolute.error";

    private final MeterRegistry meters;
    private final Map<String, DistributionSummary> summaries = new ConcurrentHashMap<>();

    ForecastErrorMeters(MeterRegistry meters) {
        this.meters = meters;
    }

    void record(ForecastMessage.Error score) {
        record("lstm", score.horizon(), score.forecast(), score.actual());
        record("seasonal_naive", score.horizon(), score.seasonalNaive(), score.actual());
        record("holt_winters", score.horizon(), score.holtWinters(), score.actual());
    }

    private void record(String forecaster, int horizon, double forecast, double actual) {
        if (Double.isFinite(forecast) && Double.isFinite(actual)) {
            summaries.computeIfAbsent(forecaster + "/" + horizon, key -> DistributionSummary.builder(NAME)
                    .description("Absolute error of scored forecasts, by forecaster and windows ahead")
                    .tag("task", ForecastTask.NAME).tag("forecaster", forecaster).tag("horizon", Integer.toString(horizon))
                    .register(meters))
                    .record(Math.abs(forecast - actual));
        }
    }
}

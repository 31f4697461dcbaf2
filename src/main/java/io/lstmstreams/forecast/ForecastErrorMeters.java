package io.lstmstreams.forecast;

import io.lstmstreams.wire.ForecastMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Absolute errors of every scored forecast, overall, as Micrometer summaries tagged by task (as every pipeline meter
 * is, for the dashboards' task filter), forecaster ({@code lstm},
 * {@code seasonal_naive}, {@code holt_winters}) and horizon (windows ahead, 1..h): Prometheus then has MAE
 * ({@code _sum / _count}) and MASE (the lstm sum over the seasonal-naive sum) for any range. Beside them, the
 * prediction intervals' coverage: counters of the scored forecasts that had an interval at a level (tag
 * {@code level}, {@code 0.8}) and of those whose actual value fell within it, by horizon, so that coverage is covered
 * over scored for any range. Per-series errors are on the forecast-errors topic, not in metrics: one time series per
 * series id would not scale.
 */
final class ForecastErrorMeters {

    static final String NAME = "lstm.forecast.absolute.error";
    static final String INTERVALS_SCORED = "lstm.forecast.interval.scored";
    static final String INTERVALS_COVERED = "lstm.forecast.interval.covered";

    private final MeterRegistry meters;
    private final Map<String, DistributionSummary> summaries = new ConcurrentHashMap<>();
    private final Map<String, Coverage> coverage = new ConcurrentHashMap<>();

    ForecastErrorMeters(MeterRegistry meters) {
        this.meters = meters;
    }

    void record(ForecastMessage.Error score) {
        record("lstm", score.horizon(), score.forecast(), score.actual());
        record("seasonal_naive", score.horizon(), score.seasonalNaive(), score.actual());
        record("holt_winters", score.horizon(), score.holtWinters(), score.actual());
        for (ForecastMessage.ScoredInterval interval : score.intervals()) {
            coverage.computeIfAbsent(interval.level() + "/" + score.horizon(),
                    key -> new Coverage(interval.level(), score.horizon())).record(interval.covered());
        }
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

    /** The two counters of one level and horizon, registered together: a ratio with no coverage yet reads 0, not nothing. */
    private final class Coverage {

        private final Counter scored;
        private final Counter covered;

        Coverage(double level, int horizon) {
            String levelTag = BigDecimal.valueOf(level).stripTrailingZeros().toPlainString();
            scored = counter(INTERVALS_SCORED, "Scored forecasts that had a prediction interval, by level and windows ahead",
                    levelTag, horizon);
            covered = counter(INTERVALS_COVERED, "Scored forecasts whose actual value fell within their prediction interval, "
                    + "by level and windows ahead", levelTag, horizon);
        }

        private Counter counter(String name, String description, String level, int horizon) {
            return Counter.builder(name).description(description).baseUnit("forecasts").tag("task", ForecastTask.NAME)
                    .tag("level", level).tag("horizon", Integer.toString(horizon)).register(meters);
        }

        void record(boolean within) {
            scored.increment();
            if (within) {
                covered.increment();
            }
        }
    }
}

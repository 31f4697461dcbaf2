package io.lstmstreams.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.config.Settings;
import io.lstmstreams.data.Series;
import io.lstmstreams.training.ProgressListener;
import io.lstmstreams.wire.ForecastMessage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ForecastEvaluationTest {

    private static final ForecastEvaluation.Settings SETTINGS = new ForecastEvaluation.Settings(4,
            SeriesForecaster.DEFAULT_HISTORY, 12 + TinyModels.HORIZON,
            ForecastEvaluation.ModelUpdates.retrainEvery(12, 8, 4, TinyModels.options(), ProgressListener.none()));

    private static ForecastEvaluation.Result evaluate(double[] values) {
        return ForecastEvaluation.evaluate(Series.of("s", values, Optional.of(4)), TinyModels.untrained(), SETTINGS);
    }

    @Test
    void forecastsUpToAWindowDoNotDependOnLaterWindows() {
        double[] values = TinyModels.seasonal(36);
        double[] altered = values.clone();
        for (int t = 21; t < altered.length; t++) {
            altered[t] = -5 * altered[t];
        }

        List<ForecastMessage.Forecast> original = evaluate(values).forecasts();
        List<ForecastMessage.Forecast> changed = evaluate(altered).forecasts();

        assertThat(changed.subList(0, 21)).isEqualTo(original.subList(0, 21)); // retrained at 12 and 20 on the same data
        assertThat(changed.get(21)).isNotEqualTo(original.get(21));
    }

    @Test
    void retrainsPeriodicallyAndScoresOnlyAfterTheWarmup() {
        ForecastEvaluation.Result result = evaluate(TinyModels.seasonal(36));

        assertThat(result.finalModelVersion()).isEqualTo(3); // trained after 12, 20 and 28 windows
        assertThat(result.forecasts()).extracting(ForecastMessage.Forecast::modelVersion).startsWith(0L).endsWith(3L);
        assertThat(result.horizons()).extracting(HorizonErrors::count).containsExactly(36L - 15, 36L - 15, 36L - 15);
        assertThat(result.summary()).matches("mase=\\S+ smape=\\S+ mae=\\S+ mase_seasonal_naive=1.0 mase_holt_winters=\\S+"
                + " coverage80=\\S+ coverage80_h1=\\S+ coverage95=\\S+ coverage95_h1=\\S+");
    }

    @Test
    void multivariateSeriesAndGapsAreEvaluated() {
        double[] target = TinyModels.seasonal(30);
        target[17] = Double.NaN;
        double[][] values = new double[30][];
        for (int t = 0; t < values.length; t++) {
            values[t] = new double[] {target[t], t % 3};
        }
        ForecastEvaluation.Result result = ForecastEvaluation.evaluate(
                new Series("two", List.of("y", "x"), values, Optional.of(4)), TinyModels.untrained(), SETTINGS);

        assertThat(result.oneStep().count()).isEqualTo(30 - 15 - 1); // the empty window is not scored
        assertThat(result.oneStep().mae()).isFinite();
    }
}

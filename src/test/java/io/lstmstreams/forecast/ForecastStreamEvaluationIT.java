package io.lstmstreams.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.data.Series;
import io.lstmstreams.data.SeriesCsv;
import io.lstmstreams.training.ProgressListener;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@code eval forecast --through-broker}: a series through the live pipeline on a real broker, retrained models
 * hot-swapped in where the offline protocol retrains, scores exactly as {@code eval forecast} computes them.
 */
class ForecastStreamEvaluationIT {

    @Test
    void theStreamRetrainedWhereTheProtocolRetrainsPublishesTheOfflineFigures() {
        Series series = SeriesCsv.read(ForecastPipelineIT.SERIES.resolve("USAccDeaths.csv"));
        // retrained after 24 windows and then every 12: four models, each swapped in while the stream runs
        ForecastEvaluation.Settings settings = new ForecastEvaluation.Settings(12, SeriesForecaster.DEFAULT_HISTORY,
                24 + TinyModels.HORIZON, ForecastEvaluation.ModelUpdates.retrainEvery(24, 12, 12, TinyModels.options(),
                ProgressListener.none()));
        ForecastModel start = TinyModels.untrained();

        ForecastEvaluation.Result offline = ForecastEvaluation.evaluate(series, start, settings);
        ForecastEvaluation.Result streamed = ForecastStreamEvaluation.evaluate(series, start, settings);

        assertThat(offline.finalModelVersion()).as("models after the start").isEqualTo(start.version() + 4);
        assertThat(streamed.finalModelVersion()).isEqualTo(offline.finalModelVersion());
        assertThat(streamed.forecasts()).extracting(forecast -> forecast.modelVersion())
                .as("every model issued forecasts").containsAll(offline.forecasts().stream().map(f -> f.modelVersion()).toList());
        assertThat(streamed.forecasts()).containsExactlyElementsOf(offline.forecasts());
        for (int k = 0; k < TinyModels.HORIZON; k++) {
            HorizonErrors expected = offline.horizons().get(k);
            HorizonErrors actual = streamed.horizons().get(k);
            assertThat(actual.count()).isEqualTo(expected.count()).isPositive();
            assertThat(new double[] {actual.mae(), actual.smape(), actual.mase(), actual.holtWintersMase()})
                    .containsExactly(expected.mae(), expected.smape(), expected.mase(), expected.holtWintersMase());
        }
        assertThat(streamed.coverage()).isEqualTo(offline.coverage()).hasSize(2);
        assertThat(streamed.summary()).isEqualTo(offline.summary());
        assertThat(Arrays.stream(series.target()).allMatch(Double::isFinite)).as("a series without gaps").isTrue();
    }
}

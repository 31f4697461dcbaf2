package io.lstmstreams.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lstmstreams.data.Series;
import io.lstmstreams.wire.ForecastMessage;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ForecastIntervalsTest {

    private static final double[] LEVELS = {0.8, 0.95};

    @Test
    void aBoundIsTheConformalRankOfTheErrorsKeptAndNaNWhileTooFewAreKept() {
        ForecastIntervals intervals = new ForecastIntervals(2);
        for (int error = 1; error <= 10; error++) {
            intervals.learn(1, error, 1);
        }
        double[] halfWidths = new double[2];

        intervals.halfWidths(1, LEVELS, 1, halfWidths);
        // 80%: the ceil(11 x 0.8) = 9th smallest of 10; 95% needs ceil(11 x 0.95) = 11 > 10 errors
        assertThat(halfWidths[0]).isEqualTo(9);
        assertThat(halfWidths[1]).isNaN();
        intervals.halfWidths(2, LEVELS, 1, halfWidths);
        assertThat(halfWidths).as("another horizon, no errors yet").containsOnly(Double.NaN);
    }

    @Test
    void onlyTheLatestErrorsCountInUnitsOfTheSeriesScale() {
        ForecastIntervals intervals = new ForecastIntervals(1);
        for (int error = 1; error <= 100; error++) {
            intervals.learn(1, 2.0 * error, 2); // 1..100 in units of scale
        }
        double[] halfWidths = new double[2];

        intervals.halfWidths(1, LEVELS, 3, halfWidths);
        // the last 60 are 41..100: the 49th and 58th smallest of them, at scale 3
        assertThat(halfWidths).containsExactly(3 * 89.0, 3 * 98.0);
    }

    @Test
    void onNoiseTheForecastsIntervalsCoverAboutTheirLevel() {
        Random random = new Random(5);
        double[][] values = new double[900][];
        for (int t = 0; t < values.length; t++) {
            values[t] = new double[] {100 + 10 * random.nextGaussian()};
        }
        ForecastEvaluation.Result result = ForecastEvaluation.evaluate(new Series("noise", List.of("y"), values, Optional.of(12)),
                TinyModels.untrained(), ForecastEvaluation.Settings.streaming(12, ForecastEvaluation.ModelUpdates.NONE));

        assertThat(result.coverage()).extracting(ForecastEvaluation.Coverage::level).containsExactly(0.8, 0.95);
        assertThat(result.coverage().get(0).overall()).isCloseTo(0.8, within(0.03));
        assertThat(result.coverage().get(1).overall()).isCloseTo(0.95, within(0.03));
        assertThat(result.coverage().get(0).scored()).isGreaterThan(2_000);
        ForecastMessage.Forecast last = result.forecasts().get(result.forecasts().size() - 1);
        for (int k = 1; k <= last.horizon(); k++) {
            ForecastMessage.Interval eighty = last.intervals().get(0);
            ForecastMessage.Interval ninetyFive = last.intervals().get(1);
            assertThat(ninetyFive.lower()[k - 1]).isLessThan(eighty.lower()[k - 1]).isLessThan(last.values()[k - 1]);
            assertThat(ninetyFive.upper()[k - 1]).isGreaterThan(eighty.upper()[k - 1]).isGreaterThan(last.values()[k - 1]);
        }
    }
}

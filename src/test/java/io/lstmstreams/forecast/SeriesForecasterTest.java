package io.lstmstreams.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.lstmstreams.model.CellType;
import io.lstmstreams.training.TrainingConfig;
import io.lstmstreams.wire.ForecastMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeriesForecasterTest {

    private final SeriesForecaster forecaster = new SeriesForecaster(TinyModels.untrained(), SeriesForecaster.DEFAULT_HISTORY);

    private static ForecastMessage.Forecast forecastOf(List<ForecastMessage> outputs) {
        return (ForecastMessage.Forecast) outputs.get(outputs.size() - 1);
    }

    private static List<ForecastMessage.Error> scoresOf(List<ForecastMessage> outputs) {
        return outputs.stream().filter(ForecastMessage.Error.class::isInstance).map(ForecastMessage.Error.class::cast).toList();
    }

    @Test
    void newSeriesIsForecastFromItsFirstWindow() {
        SeriesState state = forecaster.newState(4);

        ForecastMessage.Forecast forecast = forecastOf(forecaster.accept("new", state, 1000, new double[] {42}));

        assertThat(forecast.series()).isEqualTo("new");
        assertThat(forecast.windowEnd()).isEqualTo(1000);
        assertThat(forecast.modelVersion()).isZero();
        // no evidence for the LSTM's correction yet: Holt-Winters' warm-up forecast, the last value
        assertThat(forecast.values()).containsExactly(42, 42, 42);
    }

    @Test
    void eachWindowScoresTheForecastsMadeForItAtEveryHorizon() {
        SeriesState state = forecaster.newState(4);
        double[] values = TinyModels.seasonal(10);
        List<ForecastMessage.Forecast> issued = new ArrayList<>();
        List<ForecastMessage> last = List.of();
        for (int t = 0; t < values.length; t++) {
            last = forecaster.accept("s", state, t, new double[] {values[t]});
            issued.add(forecastOf(last));
        }

        List<ForecastMessage.Error> scores = scoresOf(last);
        assertThat(scores).extracting(ForecastMessage.Error::horizon).containsExactly(1, 2, 3);
        for (ForecastMessage.Error score : scores) {
            assertThat(score.windowEnd()).isEqualTo(9); // window t ends at t here
            assertThat(score.actual()).isEqualTo(values[9]);
            assertThat(score.forecast()).isEqualTo(issued.get(9 - score.horizon()).values()[score.horizon() - 1]);
        }
        // seasonal naive (m = 4) for window 9 is the value of window 5
        assertThat(scores.get(0).seasonalNaive()).isEqualTo(values[5]);
    }

    @Test
    void emptyWindowIsMissingNotZero() {
        SeriesState withGap = forecaster.newState(1);
        SeriesState withZero = forecaster.newState(1);
        for (int t = 0; t < 5; t++) {
            forecaster.accept("gap", withGap, t, new double[] {100});
            forecaster.accept("zero", withZero, t, new double[] {100});
        }

        List<ForecastMessage> gap = forecaster.accept("gap", withGap, 5, new double[] {Double.NaN});
        List<ForecastMessage> zero = forecaster.accept("zero", withZero, 5, new double[] {0});

        assertThat(scoresOf(gap)).isEmpty(); // nothing to score a forecast against
        assertThat(forecastOf(gap).values()[0]).isCloseTo(100, within(1e-9));
        assertThat(forecastOf(zero).values()[0]).isLessThan(90);
        assertThat(scoresOf(forecaster.accept("gap", withGap, 6, new double[] {100}))).isNotEmpty();
    }

    @Test
    void multivariateWindowsForecastTheFirstVariable() {
        SeriesState univariate = forecaster.newState(4);
        SeriesState multivariate = forecaster.newState(4);
        double[] values = TinyModels.seasonal(8);
        for (int t = 0; t < values.length; t++) {
            ForecastMessage.Forecast one = forecastOf(forecaster.accept("u", univariate, t, new double[] {values[t]}));
            ForecastMessage.Forecast many = forecastOf(forecaster.accept("m", multivariate, t, new double[] {values[t], -t, Double.NaN}));
            assertThat(many.values()).containsExactly(one.values());
        }
    }

    @Test
    void aStateBuiltByAnotherModelIsRebuiltFromItsRememberedWindowsOnly() {
        SeriesForecaster retrained = new SeriesForecaster(TinyModels.retrained(), SeriesForecaster.DEFAULT_HISTORY);
        TrainingConfig tiny = TinyModels.options().training();
        SeriesForecaster otherSeed = new SeriesForecaster(ForecastTraining.untrained(new ForecastTask.Options(TinyModels.HORIZON, CellType.LSTM,
                4, 1, 0.0, new TrainingConfig(tiny.optimizer(), tiny.learningRate(), tiny.gradientClip(), tiny.batchSize(),
                        tiny.maxEpochs(), tiny.patience(), tiny.validationFraction(), 99))), SeriesForecaster.DEFAULT_HISTORY);
        double[] values = TinyModels.seasonal(30);
        SeriesState state = forecaster.newState(4);
        SeriesState other = otherSeed.newState(4);
        List<ForecastMessage> last = List.of();
        for (int t = 0; t < values.length; t++) {
            last = forecaster.accept("s", state, t, new double[] {values[t]});
            otherSeed.accept("s", other, t, new double[] {values[t]});
        }
        assertThat(state.recurrent()).isNotEqualTo(other.recurrent());
        double[] issuedByOld = forecastOf(last).values();

        List<ForecastMessage> first = retrained.accept("s", state, 30, new double[] {130});
        retrained.accept("s", other, 30, new double[] {130});

        // the old model's forecasts are scored as the old model made them
        assertThat(scoresOf(first).get(0).forecast()).isEqualTo(issuedByOld[0]);
        assertThat(forecastOf(first).modelVersion()).isEqualTo(1);
        assertThat(state.holtWintersParams()).isEqualTo(HoltWinters.fit(values, 4));
        // nothing of the old models' h and c is left
        assertThat(state.recurrent()).isEqualTo(other.recurrent());
        assertThat(state.recurrent().modelVersion()).isEqualTo(1);
    }

    @Test
    void theRebuildReplaysWholeSeasonsOfTheRememberedWindows() {
        SeriesForecaster shortMemory = new SeriesForecaster(TinyModels.untrained(), 10);
        SeriesState state = shortMemory.newState(4);
        for (int t = 0; t < 30; t++) {
            shortMemory.accept("s", state, t, new double[] {t});
        }

        // windows 20..29 are remembered, and 20 starts a season
        assertThat(state.replayableHistory()).containsExactly(20, 21, 22, 23, 24, 25, 26, 27, 28, 29);
        shortMemory.accept("s", state, 30, new double[] {30});
        assertThat(state.replayableHistory()).containsExactly(24, 25, 26, 27, 28, 29, 30);
    }

    /** A seasonal series with noise, long enough for intervals at both default levels at every horizon. */
    private static double[] noisy(int length) {
        Random random = new Random(7);
        double[] values = TinyModels.seasonal(length);
        for (int t = 0; t < length; t++) {
            values[t] += 3 * random.nextGaussian();
        }
        return values;
    }

    @Test
    void everyScoreCarriesTheIntervalsIssuedWithItsForecastAndWhetherTheActualValueFellWithin() {
        SeriesState state = forecaster.newState(4);
        double[] values = noisy(60);
        List<ForecastMessage.Forecast> issued = new ArrayList<>();
        int scoredIntervals = 0;
        int covered = 0;
        for (int t = 0; t < values.length; t++) {
            List<ForecastMessage> outputs = forecaster.accept("s", state, t, new double[] {values[t]});
            for (ForecastMessage.Error score : scoresOf(outputs)) {
                ForecastMessage.Forecast forecast = issued.get(t - score.horizon());
                int k = score.horizon();
                List<ForecastMessage.ScoredInterval> expected = new ArrayList<>();
                for (ForecastMessage.Interval interval : forecast.intervals()) {
                    Boolean within = interval.covers(k, values[t]);
                    if (within != null) {
                        expected.add(new ForecastMessage.ScoredInterval(interval.level(), interval.lower()[k - 1],
                                interval.upper()[k - 1], within));
                    }
                }
                assertThat(score.intervals()).as("window %d, h=%d", t, k).isEqualTo(expected);
                scoredIntervals += expected.size();
                covered += (int) expected.stream().filter(ForecastMessage.ScoredInterval::covered).count();
            }
            issued.add(forecastOf(outputs));
        }
        // both outcomes occur, so the comparison above saw covered and missed intervals
        assertThat(covered).isPositive().isLessThan(scoredIntervals);
    }

    @Test
    void anIntervalCoversTheActualValueExactlyWhenItIsWithinHalfTheWidthOfTheForecast() {
        SeriesState state = forecaster.newState(4);
        double[] values = noisy(30);
        ForecastMessage.Forecast last = null;
        for (int t = 0; t < values.length; t++) {
            last = forecastOf(forecaster.accept("s", state, t, new double[] {values[t]}));
        }
        ForecastMessage.Interval eighty = last.intervals().get(0);
        double forecast = last.values()[0];
        double halfWidth = state.issuedHalfWidths[0][(values.length - 1) % TinyModels.HORIZON][0];
        assertThat(eighty.level()).isEqualTo(0.8);
        assertThat(halfWidth).isPositive();
        assertThat(eighty.upper()[0]).isEqualTo(forecast + halfWidth);
        // the untrained model's forecast is Holt-Winters': move the other methods' forecasts apart, so that an interval
        // centred on anything but the issued forecast would score differently
        int slot = (values.length - 1) % TinyModels.HORIZON;
        state.pending[SeriesState.HOLT_WINTERS][slot][0] = forecast + 2 * halfWidth;
        state.pending[SeriesState.CORRECTED][slot][0] = forecast - 2 * halfWidth;
        byte[] before = SeriesStateCodec.encode(state);

        Map<Double, Boolean> coveredByActual = new LinkedHashMap<>();
        for (double actual : new double[] {forecast, forecast - 0.99 * halfWidth, forecast + 0.99 * halfWidth,
                eighty.upper()[0], forecast - 1.01 * halfWidth, forecast + 1.01 * halfWidth, forecast + 3 * halfWidth,
                Math.nextUp(eighty.upper()[0])}) {
            ForecastMessage.Error oneStep = scoresOf(forecaster.accept("s", SeriesStateCodec.decode(before), values.length,
                    new double[] {actual})).get(0);
            assertThat(oneStep.horizon()).isEqualTo(1);
            assertThat(oneStep.forecast()).isEqualTo(forecast);
            ForecastMessage.ScoredInterval scored = oneStep.intervals().get(0);
            assertThat(scored.level()).isEqualTo(0.8);
            assertThat(scored.lower()).isEqualTo(eighty.lower()[0]);
            assertThat(scored.upper()).isEqualTo(eighty.upper()[0]);
            coveredByActual.put(actual, scored.covered());
        }

        // within half the width either side, ends included (as the forecast's interval covers), and not one ulp beyond
        assertThat(coveredByActual.values()).containsExactly(true, true, true, true, false, false, false, false);
    }

    @Test
    void anotherSetOfLevelsScoresOnlyTheLevelsThatWereIssued() {
        SeriesState state = forecaster.newState(4);
        double[] values = noisy(40);
        for (int t = 0; t < 39; t++) {
            forecaster.accept("s", state, t, new double[] {values[t]});
        }
        SeriesForecaster reconfigured = new SeriesForecaster(TinyModels.untrained(), SeriesForecaster.DEFAULT_HISTORY,
                new double[] {0.9, 0.8});

        List<ForecastMessage.Error> scores = scoresOf(reconfigured.accept("s", state, 39, new double[] {values[39]}));

        // 0.8 was issued with these forecasts (under the defaults 0.8 and 0.95), 0.9 was not
        assertThat(scores).hasSize(TinyModels.HORIZON).allSatisfy(score ->
                assertThat(score.intervals()).extracting(ForecastMessage.ScoredInterval::level).containsExactly(0.8));
        assertThat(state.levels).containsExactly(0.9, 0.8);
    }

    @Test
    void windowsMustComeInOrder() {
        SeriesState state = forecaster.newState(4);
        forecaster.accept("s", state, 10, new double[] {1});

        assertThatThrownBy(() -> forecaster.accept("s", state, 10, new double[] {2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not after 10");
    }
}

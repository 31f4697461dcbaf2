package io.lstmstreams.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BaselinesTest {

    @Test
    void seasonalNaiveRepeatsTheLastSeason() {
        SeasonalNaive naive = new SeasonalNaive(3);
        for (double value : new double[] {1, 2, 3, 4}) {
            naive.observe(value);
        }
        // y[t+k-m*ceil(k/m)] with t = 3: k=1 -> y1, k=2 -> y2, k=3 -> y3, k=4 -> y1
        assertThat(new double[] {naive.forecast(1), naive.forecast(2), naive.forecast(3), naive.forecast(4)})
                .containsExactly(2, 3, 4, 2);
        assertThat(naive.seasonAgo()).isEqualTo(2);
    }

    @Test
    void seasonalNaiveFallsBackToTheSeasonBeforeAMissingValue() {
        SeasonalNaive naive = new SeasonalNaive(2);
        for (double value : new double[] {1, 2, Double.NaN}) {
            naive.observe(value);
        }
        assertThat(naive.forecast(2)).isEqualTo(1);
        assertThat(naive.forecast(1)).isEqualTo(2);
    }

    @Test
    void unfittedEtsIsAdditiveHoltWintersStartedFromTheFirstSeason() {
        // smoothing-form Holt-Winters 0.5, 0.5, 0.5 is error-correction alpha .5, beta .25, gamma .25
        Ets ets = new Ets(2, new Ets.Model(Ets.Trend.ADDITIVE, Ets.Season.ADDITIVE, 0.5, 0.25, 0.25, 1));
        ets.observe(10);
        assertThat(ets.forecast(1)).isEqualTo(10); // not initialised: the last value
        ets.observe(20);
        // first season: level 15, season [-5, 5], trend 0
        assertThat(ets.forecast(1)).isEqualTo(10);
        assertThat(ets.forecast(2)).isEqualTo(20);
        ets.observe(14);
        // error 14 - 10 = 4: level 15 + .5*4 = 17; trend .25*4 = 1; season[0] = -5 + .25*4 = -4
        assertThat(ets.forecast(1)).isCloseTo(17 + 1 + 5, within(1e-12));
        assertThat(ets.forecast(2)).isCloseTo(17 + 2 - 4, within(1e-12));
        ets.observe(Double.NaN);
        // missing: error 0, the level moves by the trend, nothing is learned
        assertThat(ets.forecast(1)).isCloseTo(18 + 1 - 4, within(1e-12));
    }

    @Test
    void etsFitChoosesASeasonalTrendForATrendingSeasonAndForecastsIt() {
        double[] values = new double[96];
        for (int t = 0; t < values.length; t++) {
            values[t] = 100 + 2 * t + 10 * Math.sin(2 * Math.PI * t / 12) + 0.5 * Math.sin(7.3 * t);
        }
        Ets.Fit fit = Ets.fit(values, 12);

        assertThat(fit.model().trend()).isNotEqualTo(Ets.Trend.NONE);
        assertThat(fit.model().season()).isNotEqualTo(Ets.Season.NONE);
        Ets ets = new Ets(12, fit);
        for (double value : values) {
            ets.observe(value);
        }
        assertThat(ets.forecast(1)).isCloseTo(100 + 2 * 96 + 10 * Math.sin(2 * Math.PI * 96 / 12), within(2.0));
    }

    @Test
    void dampedTrendForecastsLevelOff() {
        Ets ets = new Ets(1, new Ets.Fit(new Ets.Model(Ets.Trend.DAMPED, Ets.Season.NONE, 0.5, 0.1, 0, 0.5), 10, 4,
                new double[] {0}, 0, 0));
        // l + (phi + phi^2 + ... + phi^k) b: 10 + 4 (.5 + .25) = 13 at k = 2, approaching 10 + 4 = 14
        assertThat(ets.forecast(2)).isCloseTo(13, within(1e-12));
        assertThat(ets.forecast(60)).isCloseTo(14, within(1e-9));
    }

    @Test
    void runningNormaliserIsExactOverItsWindowThenFollowsAShift() {
        RunningNormaliser normaliser = new RunningNormaliser(4);
        for (double value : new double[] {2, 4, Double.NaN, 6}) {
            normaliser.observe(value);
        }
        assertThat(normaliser.mean()).isCloseTo(4, within(1e-12));
        assertThat(normaliser.scale()).isCloseTo(Math.sqrt(8.0 / 3), within(1e-12)); // population variance of 2, 4, 6
        assertThat(normaliser.normalise(Double.NaN)).isZero();
        assertThat(normaliser.normalise(1e9)).isEqualTo(RunningNormaliser.CLIP);

        for (int i = 0; i < 100; i++) {
            normaliser.observe(1000);
        }
        assertThat(normaliser.mean()).isCloseTo(1000, within(1e-6));
        assertThat(normaliser.scale()).isCloseTo(10, within(1e-6)); // floored at 1% of the mean
    }
}

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
    void holtWintersMatchesHandComputedRecursions() {
        HoltWinters hw = new HoltWinters(2, new HoltWinters.Params(0.5, 0.5, 0.5));
        hw.observe(10);
        assertThat(hw.forecast(1)).isEqualTo(10); // not initialised: the last value
        hw.observe(20);
        // first season: level 15, season [-5, 5], trend 0
        assertThat(hw.forecast(1)).isEqualTo(10);
        assertThat(hw.forecast(2)).isEqualTo(20);
        hw.observe(14);
        // level = .5 (14 + 5) + .5 (15 + 0) = 17; trend = .5 (17 - 15) = 1; season[0] = .5 (14 - 17) + .5 (-5) = -4
        assertThat(hw.forecast(1)).isCloseTo(17 + 1 + 5, within(1e-12));
        assertThat(hw.forecast(2)).isCloseTo(17 + 2 - 4, within(1e-12));
        hw.observe(Double.NaN);
        // missing: the level moves by the trend, nothing is learned
        assertThat(hw.forecast(1)).isCloseTo(18 + 1 - 4, within(1e-12));
    }

    @Test
    void holtWintersFitBeatsTheDefaultsAndFollowsATrendingSeason() {
        double[] values = new double[96];
        for (int t = 0; t < values.length; t++) {
            values[t] = 100 + 2 * t + 10 * Math.sin(2 * Math.PI * t / 12);
        }
        HoltWinters.Params fitted = HoltWinters.fit(values, 12);

        double fittedError = HoltWinters.oneStepSquaredError(values, 12, fitted);
        assertThat(fittedError).isLessThanOrEqualTo(HoltWinters.oneStepSquaredError(values, 12, HoltWinters.Params.DEFAULT));
        HoltWinters hw = new HoltWinters(12, fitted);
        for (double value : values) {
            hw.observe(value);
        }
        assertThat(hw.forecast(1)).isCloseTo(100 + 2 * 96 + 10 * Math.sin(2 * Math.PI * 96 / 12), within(1.0));
    }

    @Test
    void withoutSeasonHoltWintersIsHoltsLinearTrend() {
        HoltWinters hw = new HoltWinters(1, new HoltWinters.Params(1, 1, 0));
        for (double value : new double[] {1, 3, 5}) {
            hw.observe(value);
        }
        assertThat(hw.forecast(1)).isEqualTo(7);
        assertThat(hw.forecast(3)).isEqualTo(11);
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

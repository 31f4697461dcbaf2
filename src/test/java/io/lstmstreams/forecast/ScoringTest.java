package io.lstmstreams.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lstmstreams.wire.ForecastMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoringTest {

    @Test
    void maeSmapeAndMaseMatchHandComputedValues() {
        HorizonErrors errors = new HorizonErrors(1);
        errors.add(ForecastMessage.Error.of("s", 0, 1, 100, 110, 120, 105, 0, List.of()));
        errors.add(ForecastMessage.Error.of("s", 1, 1, 200, 190, 180, 210, 0, List.of()));

        assertThat(errors.count()).isEqualTo(2);
        assertThat(errors.mae()).isCloseTo(10, within(1e-12));
        assertThat(errors.smape()).isCloseTo((200.0 * 10 / 210 + 200.0 * 10 / 390) / 2, within(1e-12));
        assertThat(errors.seasonalNaiveMae()).isCloseTo(20, within(1e-12));
        assertThat(errors.mase()).isCloseTo(0.5, within(1e-12));
        assertThat(errors.holtWintersMae()).isCloseTo(7.5, within(1e-12));
        assertThat(errors.holtWintersMase()).isCloseTo(0.375, within(1e-12));
    }

    @Test
    void smapeOfTwoZerosIsZero() {
        assertThat(ForecastMessage.Error.of("s", 0, 1, 0, 0, 0, 0, 0, List.of()).symmetricPercentageError()).isZero();
    }

    @Test
    void correctionStartsAtPureHoltWintersAndGrowsOnlyWhereItWinsOnEnoughWindows() {
        CorrectionWeights weights = new CorrectionWeights(2);
        assertThat(weights.weight(1)).isZero();

        for (int i = 0; i < CorrectionWeights.MIN_EVIDENCE; i++) {
            assertThat(weights.weight(1)).isZero(); // not enough evidence yet
            weights.learn(1, 100, 110, 110); // the corrected forecast is right
            weights.learn(2, 100, 110, 100); // Holt-Winters is right
        }
        assertThat(weights.weight(1)).isEqualTo(1);
        assertThat(weights.weight(2)).isZero();
    }

    @Test
    void aCorrectionThatWinsOnAverageButNotSignificantlyIsNotUsed() {
        CorrectionWeights noisy = new CorrectionWeights(1);
        CorrectionWeights steady = new CorrectionWeights(1);
        for (int i = 0; i < 60; i++) {
            // gains over Holt-Winters alternate +10 and -8: +1 on average, standard error about 1.2
            noisy.learn(1, 100, i % 2 == 0 ? 110 : 92, i % 2 == 0 ? 110 : 100);
            // a gain of 9 every time
            steady.learn(1, 100, 109, 110);
        }

        assertThat(noisy.weight(1)).isZero();
        assertThat(steady.weight(1)).isEqualTo(1);
    }

    @Test
    void benchmarkMedianOfOddAndEvenCounts() {
        assertThat(EvaluationSeries.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(EvaluationSeries.median(new double[] {4, 1, 2, 3})).isEqualTo(2.5);
    }
}

package io.lstmstreams.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FastActivationsTest {

    private static final double MAX_ERROR = 1e-6;

    @Test
    void tanhIsWithinOneMillionthOfMathTanhOverTheRealLine() {
        double worst = 0;
        for (int i = -4_000_000; i <= 4_000_000; i++) {
            float x = i * 5e-6f;               // [-20, 20] in steps of 5e-6
            worst = Math.max(worst, Math.abs(FastActivations.tanh(x) - Math.tanh(x)));
        }
        for (float x : new float[] {-Float.MAX_VALUE, -1e30f, -100f, 100f, 1e30f, Float.MAX_VALUE, Float.MIN_VALUE, -0f}) {
            worst = Math.max(worst, Math.abs(FastActivations.tanh(x) - Math.tanh(x)));
        }
        assertThat(worst).isLessThan(MAX_ERROR);
        assertThat(FastActivations.tanh(Float.POSITIVE_INFINITY)).isCloseTo(1f, within(1e-6f));
        assertThat(FastActivations.tanh(Float.NaN)).isNaN();
    }

    @Test
    void sigmoidIsWithinOneMillionthOfTheLogisticFunction() {
        double worst = 0;
        for (int i = -4_000_000; i <= 4_000_000; i++) {
            float x = i * 1e-5f;               // [-40, 40]
            worst = Math.max(worst, Math.abs(FastActivations.sigmoid(x) - 1 / (1 + Math.exp(-x))));
        }
        assertThat(worst).isLessThan(MAX_ERROR);
    }
}

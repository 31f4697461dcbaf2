package io.lstmstreams.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
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

    /** The array forms run through the Vector API in these tests: the same operations, so the same bits as per value. */
    @Test
    void theArrayFormsGiveEveryValueTheBitsOfTheScalarForm() {
        assertThat(KeyStepper.VECTOR_API).as("the tests run with --add-modules jdk.incubator.vector").isTrue();
        Random random = new Random(5);
        for (int length : new int[] {1, 15, 16, 17, 64, 77, 1000}) {
            float[] values = new float[length + 3];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextGaussian() * 6);
            }
            values[0] = Float.NaN;
            values[1] = Float.POSITIVE_INFINITY;
            float[] tanh = values.clone();
            float[] sigmoid = values.clone();
            FastActivations.tanh(tanh, 2, 2 + length);
            FastActivations.sigmoid(sigmoid, 2, 2 + length);
            for (int i = 0; i < values.length; i++) {
                boolean inside = i >= 2 && i < 2 + length;
                assertThat(Float.floatToIntBits(tanh[i])).as("tanh, value " + i + " of " + length)
                        .isEqualTo(Float.floatToIntBits(inside ? FastActivations.tanh(values[i]) : values[i]));
                assertThat(Float.floatToIntBits(sigmoid[i])).as("sigmoid, value " + i + " of " + length)
                        .isEqualTo(Float.floatToIntBits(inside ? FastActivations.sigmoid(values[i]) : values[i]));
            }
        }
    }
}

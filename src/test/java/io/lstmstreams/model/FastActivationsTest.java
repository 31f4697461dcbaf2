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

    /**
     * Against the exact softmax of the same float logits, each probability's relative error is bounded by float
     * rounding: of {@code x - max} (|x - max| u, u = 2^-24, as in the scalar form), of the exp (the Vector API's may
     * be an ulp or two off Math.exp), and of the sum of n terms and the scaling (n + 2 u); bound taken twice that.
     */
    @Test
    void theVectorSoftmaxIsTheSoftmaxWithinFloatRounding() {
        Random random = new Random(9);
        for (int classes : new int[] {1, 2, 17, 16, 33}) {
            float[] padded = new float[(classes + 63) / 64 * 64];
            double[] logits = new double[classes];
            for (int k = 0; k < classes; k++) {
                padded[k] = (float) (random.nextGaussian() * 8);
                logits[k] = padded[k];
            }
            padded[padded.length - 1] = 1e30f; // padding must not count
            double max = java.util.Arrays.stream(logits).max().orElseThrow();
            double sum = java.util.Arrays.stream(logits).map(v -> Math.exp(v - max)).sum();
            VectorActivations.softmax(padded, classes);
            for (int k = 0; k < classes; k++) {
                double expected = Math.exp(logits[k] - max) / sum;
                double bound = 2 * (Math.abs(logits[k] - max) + 4 + classes + 2) * Math.pow(2, -24);
                assertThat((double) padded[k]).as(classes + " classes, class " + k).isCloseTo(expected, within(bound * expected));
            }
        }
    }
}

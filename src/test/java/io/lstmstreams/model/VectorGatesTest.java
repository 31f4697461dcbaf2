package io.lstmstreams.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VectorGatesTest {

    /**
     * Both four-key kernels (one pass over a block's four vectors, or two passes of two: the AVX2 one) give every key
     * the sums the one-key kernel gives it, bit for bit, whichever this machine's vectors would pick.
     */
    @ParameterizedTest
    @CsvSource({"96,256,9", "50,200,4", "33,100,6"})
    void bothFourKeyKernelsGiveEachKeyItsOneKeySums(int inputs, int columns, int keys) {
        assertThat(KeyStepper.VECTOR_API).as("the tests run with the Vector API").isTrue();
        Random random = new Random(inputs * 31L + columns);
        float[][] rows = new float[inputs][columns];
        for (float[] row : rows) {
            for (int j = 0; j < columns; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        float[] bias = new float[columns];
        for (int j = 0; j < columns; j++) {
            bias[j] = (float) random.nextGaussian();
        }
        VectorGates.Plan plan = VectorGates.plan(rows, columns);
        float[][] in = new float[keys][inputs];
        for (float[] key : in) {
            for (int i = 0; i < inputs; i++) {
                key[i] = (float) random.nextGaussian();
            }
        }
        float[][] onePass = new float[keys][columns];
        float[][] twoPasses = new float[keys][columns];

        VectorGates.sums(rows, bias, plan, in, onePass, keys, true);
        VectorGates.sums(rows, bias, plan, in, twoPasses, keys, false);

        for (int key = 0; key < keys; key++) {
            float[] alone = new float[columns];
            VectorGates.sums(rows, bias, plan, in[key], alone);
            assertThat(onePass[key]).as("one pass, key " + key).containsExactly(alone);
            assertThat(twoPasses[key]).as("two passes, key " + key).containsExactly(alone);
        }
    }
}

package io.lstmstreams.model;

import java.util.Arrays;
import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The gates' pre-activations, {@code gates = [x, h] W + b}, with the Vector API: for each block of four vectors of
 * columns the running sums stay in registers over every input row, one load per weight, where the axpy form loads and
 * stores the sums once per row. Used by {@link KeyStepper} when the JVM runs with
 * {@code --add-modules jdk.incubator.vector} ({@link KeyStepper#VECTOR_API}: only then may this class be loaded); the
 * scalar form otherwise, the same sums in another
 * order (within float rounding: {@code KeyStepperTest}).
 */
final class VectorGates {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final int BLOCK = 4 * LANES;

    private VectorGates() {
    }

    /**
     * For each whole block of columns, the rows that cover all of it and have a weight other than 0 in it, in row
     * order: the rows {@link #gates} sums there. A dense layer gives every block the rows that cover it; an ensemble's
     * block-diagonal layer ({@code Ensemble}) gives each block its member's rows only, so a step does K times one
     * member's work rather than K^2. Skipping a zero weight is exact: {@code fma(0, a, s) == s} for finite inputs.
     */
    static int[][] blockRows(LayerWeights weights) {
        float[][] rows = weights.rows;
        int[][] blockRows = new int[weights.columns() / BLOCK][];
        for (int block = 0; block < blockRows.length; block++) {
            int column = block * BLOCK;
            blockRows[block] = IntStream.range(0, rows.length)
                    .filter(row -> rows[row].length >= column + BLOCK && anyNonZero(rows[row], column, column + BLOCK))
                    .toArray();
        }
        return blockRows;
    }

    /** Bytes of weights a step reads through the vectors, for {@code KeyStepper}'s choice of form. */
    static long weightBytes(int[][] blockRows) {
        return 4L * BLOCK * Arrays.stream(blockRows).mapToLong(rows -> rows.length).sum();
    }

    /**
     * As {@code KeyStepper}'s scalar form: every row adds {@code input * row[j]} into the columns it covers.
     *
     * @param blockRows what {@link #blockRows} gives for these weights
     * @param xh scratch of at least {@code inputSize + hiddenSize} values: x and h side by side, so the hot loop reads
     *           its input without a branch (a branch there made C2 box the vectors: 3 KB a step, measured for a GRU)
     */
    static void gates(LayerWeights weights, int[][] blockRows, float[] x, float[] h, float[] xh, float[] gates) {
        float[][] rows = weights.rows;
        int inputs = weights.inputSize();
        System.arraycopy(x, 0, xh, 0, inputs);
        System.arraycopy(h, 0, xh, inputs, weights.hiddenSize());
        int columns = weights.columns();
        int column = 0;
        for (int block = 0; block < blockRows.length; block++, column += BLOCK) {
            int[] summed = blockRows[block];
            FloatVector s0 = FloatVector.fromArray(SPECIES, weights.bias, column);
            FloatVector s1 = FloatVector.fromArray(SPECIES, weights.bias, column + LANES);
            FloatVector s2 = FloatVector.fromArray(SPECIES, weights.bias, column + 2 * LANES);
            FloatVector s3 = FloatVector.fromArray(SPECIES, weights.bias, column + 3 * LANES);
            for (int row : summed) {
                float[] w = rows[row];
                FloatVector a = FloatVector.broadcast(SPECIES, xh[row]);
                s0 = FloatVector.fromArray(SPECIES, w, column).fma(a, s0);
                s1 = FloatVector.fromArray(SPECIES, w, column + LANES).fma(a, s1);
                s2 = FloatVector.fromArray(SPECIES, w, column + 2 * LANES).fma(a, s2);
                s3 = FloatVector.fromArray(SPECIES, w, column + 3 * LANES).fma(a, s3);
            }
            s0.intoArray(gates, column);
            s1.intoArray(gates, column + LANES);
            s2.intoArray(gates, column + 2 * LANES);
            s3.intoArray(gates, column + 3 * LANES);
            addSkippedRows(rows, xh, gates, column, column + BLOCK);
        }
        if (column < columns) { // the columns after the last whole block, which no vector covered
            System.arraycopy(weights.bias, column, gates, column, columns - column);
            addSkippedRows(rows, xh, gates, column, columns + 1);
        }
    }

    private static boolean anyNonZero(float[] row, int from, int to) {
        for (int j = from; j < to; j++) {
            if (row[j] != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Adds, over their columns from {@code from}, the rows that reach past {@code from} but end before
     * {@code covered}, which the vectors skipped: a GRU x row stops before the h-side block, inside a block when the
     * hidden size is not a multiple of it.
     */
    private static void addSkippedRows(float[][] rows, float[] xh, float[] gates, int from, int covered) {
        for (int row = 0; row < rows.length; row++) {
            float[] w = rows[row];
            if (w.length > from && w.length < covered) {
                float a = xh[row];
                for (int j = from; j < w.length; j++) {
                    gates[j] += a * w[j];
                }
            }
        }
    }
}

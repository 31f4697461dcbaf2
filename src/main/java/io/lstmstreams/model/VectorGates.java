package io.lstmstreams.model;

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
     * As {@code KeyStepper}'s scalar form: every row adds {@code input * row[j]} into the columns it covers.
     *
     * @param xh scratch of at least {@code inputSize + hiddenSize} values: x and h side by side, so the hot loop reads
     *           its input without a branch (a branch there made C2 box the vectors: 3 KB a step, measured for a GRU)
     */
    static void gates(LayerWeights weights, float[] x, float[] h, float[] xh, float[] gates) {
        float[][] rows = weights.rows;
        int inputs = weights.inputSize();
        System.arraycopy(x, 0, xh, 0, inputs);
        System.arraycopy(h, 0, xh, inputs, weights.hiddenSize());
        int columns = weights.columns();
        int column = 0;
        for (; column + BLOCK <= columns; column += BLOCK) {
            // x rows are never longer than h rows (a GRU's stop a block early): the rows that cover the whole block
            // are the x and h rows, the h rows alone, or none
            int first = rows[0].length >= column + BLOCK ? 0 : rows[rows.length - 1].length >= column + BLOCK ? inputs : rows.length;
            FloatVector s0 = FloatVector.fromArray(SPECIES, weights.bias, column);
            FloatVector s1 = FloatVector.fromArray(SPECIES, weights.bias, column + LANES);
            FloatVector s2 = FloatVector.fromArray(SPECIES, weights.bias, column + 2 * LANES);
            FloatVector s3 = FloatVector.fromArray(SPECIES, weights.bias, column + 3 * LANES);
            for (int row = first; row < rows.length; row++) {
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

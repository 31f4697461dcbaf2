package io.lstmstreams.model;

import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
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
    /**
     * Whether four keys take a block's four vectors in one pass ({@link #fourKeys}: 16 sums, 4 weights and a
     * broadcast live, 21 registers, which AVX-512's 32 hold) or in two passes of two vectors
     * ({@link #fourKeysTwoVectors}: 11 live, for AVX2's 16 registers, where the one pass spills).
     */
    private static final boolean ONE_PASS = SPECIES.vectorBitSize() >= 512;

    private VectorGates() {
    }

    /**
     * What {@link #gates} reads for one layer: for each whole block of columns, the rows that cover all of it and have
     * a weight other than 0 in it, in row order, and their weights in that block packed one row after another, so
     * that a block's sums read one contiguous array (the rows' own arrays would be read in strides of a row). A dense
     * layer gives every block the rows that cover it; an ensemble's block-diagonal layer ({@code Ensemble}) gives each
     * block its member's rows only, so a step does K times one member's work rather than K^2. Skipping a zero weight
     * is exact: {@code fma(0, a, s) == s} for finite inputs.
     *
     * <p>{@code shortRows}: per block, the rows that end inside it, which its vectors skip (a GRU x row stops before
     * the h-side block, inside a block when the hidden size is not a multiple of it); last, the rows that reach past
     * the whole blocks. Listed once here: looking for them at every step cost 0.25 of the 1.22 us the gates of H=64,
     * I=32 took.
     */
    record Plan(int[][] rows, float[][] packed, int[][] shortRows) {
    }

    static Plan plan(LayerWeights weights) {
        return plan(weights.rows, weights.columns());
    }

    /** The plan of a matrix given as rows (each from column 0, at most {@code columns} long). */
    static Plan plan(float[][] rows, int columns) {
        int blocks = columns / BLOCK;
        int[][] blockRows = new int[blocks][];
        float[][] packed = new float[blocks][];
        int[][] shortRows = new int[blocks + 1][];
        for (int block = 0; block <= blocks; block++) {
            int from = block * BLOCK;
            int covered = block < blocks ? from + BLOCK : Integer.MAX_VALUE;
            shortRows[block] = IntStream.range(0, rows.length)
                    .filter(row -> rows[row].length > from && rows[row].length < covered).toArray();
        }
        for (int block = 0; block < blocks; block++) {
            int column = block * BLOCK;
            blockRows[block] = IntStream.range(0, rows.length)
                    .filter(row -> rows[row].length >= column + BLOCK && anyNonZero(rows[row], column, column + BLOCK))
                    .toArray();
            packed[block] = new float[blockRows[block].length * BLOCK];
            for (int i = 0; i < blockRows[block].length; i++) {
                System.arraycopy(rows[blockRows[block][i]], column, packed[block], i * BLOCK, BLOCK);
            }
        }
        return new Plan(blockRows, packed, shortRows);
    }

    /**
     * As {@code KeyStepper}'s scalar form: every row adds {@code input * row[j]} into the columns it covers.
     *
     * @param plan what {@link #plan} gives for these weights
     * @param xh scratch of at least {@code inputSize + hiddenSize} values: x and h side by side, so the hot loop reads
     *           its input without a branch (a branch there made C2 box the vectors: 3 KB a step, measured for a GRU)
     */
    static void gates(LayerWeights weights, Plan plan, float[] x, float[] h, float[] xh, float[] gates) {
        System.arraycopy(x, 0, xh, 0, weights.inputSize());
        System.arraycopy(h, 0, xh, weights.inputSize(), weights.hiddenSize());
        sums(weights.rows, weights.bias, plan, xh, gates);
    }

    /**
     * {@code out = input W + bias} over {@code bias.length} columns, W given as rows and {@code plan} made from them:
     * the gates of a layer, or a head whose rows and bias are padded to {@link #paddedWidth} so that every column is
     * in a whole block (a head of 17 classes: 64 rows times 17 columns took 360 ns as axpys, one per row).
     */
    static void sums(float[][] rows, float[] bias, Plan plan, float[] input, float[] out) {
        int column = 0;
        for (int block = 0; block < plan.rows().length; block++, column += BLOCK) {
            oneKey(plan.packed()[block], plan.rows()[block], bias, column, input, out);
            addRows(rows, plan.shortRows()[block], input, out, column);
        }
        addColumnsAfterBlocks(rows, bias, plan, column, input, out);
    }

    /**
     * {@link #sums} for {@code keys} inputs at once: four keys share each weight vector loaded (sixteen sums in
     * registers), so a layer's weights are read once per four keys instead of once per key. Each key's sums are
     * those {@link #sums} gives it, bit for bit: the same fma in the same order.
     */
    static void sums(float[][] rows, float[] bias, Plan plan, float[][] inputs, float[][] outs, int keys) {
        sums(rows, bias, plan, inputs, outs, keys, ONE_PASS);
    }

    /** @param onePass {@link #ONE_PASS} but chosen: the tests run both kernels on any machine */
    static void sums(float[][] rows, float[] bias, Plan plan, float[][] inputs, float[][] outs, int keys, boolean onePass) {
        int column = 0;
        for (int block = 0; block < plan.rows().length; block++, column += BLOCK) {
            float[] w = plan.packed()[block];
            int[] summed = plan.rows()[block];
            int key = 0;
            for (; key + 4 <= keys; key += 4) {
                if (onePass) {
                    fourKeys(w, summed, bias, column, inputs, outs, key);
                } else {
                    fourKeysTwoVectors(w, summed, bias, column, 0, inputs, outs, key);
                    fourKeysTwoVectors(w, summed, bias, column, 2 * LANES, inputs, outs, key);
                }
            }
            for (; key < keys; key++) {
                oneKey(w, summed, bias, column, inputs[key], outs[key]);
            }
            for (key = 0; key < keys; key++) {
                addRows(rows, plan.shortRows()[block], inputs[key], outs[key], column);
            }
        }
        for (int key = 0; key < keys; key++) {
            addColumnsAfterBlocks(rows, bias, plan, column, inputs[key], outs[key]);
        }
    }

    /** One block of columns for one key: four sums over the block's rows. */
    private static void oneKey(float[] w, int[] summed, float[] bias, int column, float[] input, float[] out) {
        FloatVector s0 = FloatVector.fromArray(SPECIES, bias, column);
        FloatVector s1 = FloatVector.fromArray(SPECIES, bias, column + LANES);
        FloatVector s2 = FloatVector.fromArray(SPECIES, bias, column + 2 * LANES);
        FloatVector s3 = FloatVector.fromArray(SPECIES, bias, column + 3 * LANES);
        for (int i = 0, at = 0; i < summed.length; i++, at += BLOCK) {
            FloatVector a = FloatVector.broadcast(SPECIES, input[summed[i]]);
            s0 = FloatVector.fromArray(SPECIES, w, at).fma(a, s0);
            s1 = FloatVector.fromArray(SPECIES, w, at + LANES).fma(a, s1);
            s2 = FloatVector.fromArray(SPECIES, w, at + 2 * LANES).fma(a, s2);
            s3 = FloatVector.fromArray(SPECIES, w, at + 3 * LANES).fma(a, s3);
        }
        s0.intoArray(out, column);
        s1.intoArray(out, column + LANES);
        s2.intoArray(out, column + 2 * LANES);
        s3.intoArray(out, column + 3 * LANES);
    }

    /** One block of columns for keys {@code key .. key+3}: each weight vector loaded once, used four times. */
    private static void fourKeys(float[] w, int[] summed, float[] bias, int column, float[][] inputs, float[][] outs,
                                 int key) {
        float[] in0 = inputs[key];
        float[] in1 = inputs[key + 1];
        float[] in2 = inputs[key + 2];
        float[] in3 = inputs[key + 3];
        FloatVector b0 = FloatVector.fromArray(SPECIES, bias, column);
        FloatVector b1 = FloatVector.fromArray(SPECIES, bias, column + LANES);
        FloatVector b2 = FloatVector.fromArray(SPECIES, bias, column + 2 * LANES);
        FloatVector b3 = FloatVector.fromArray(SPECIES, bias, column + 3 * LANES);
        FloatVector s00 = b0, s01 = b1, s02 = b2, s03 = b3;
        FloatVector s10 = b0, s11 = b1, s12 = b2, s13 = b3;
        FloatVector s20 = b0, s21 = b1, s22 = b2, s23 = b3;
        FloatVector s30 = b0, s31 = b1, s32 = b2, s33 = b3;
        for (int i = 0, at = 0; i < summed.length; i++, at += BLOCK) {
            int row = summed[i];
            FloatVector w0 = FloatVector.fromArray(SPECIES, w, at);
            FloatVector w1 = FloatVector.fromArray(SPECIES, w, at + LANES);
            FloatVector w2 = FloatVector.fromArray(SPECIES, w, at + 2 * LANES);
            FloatVector w3 = FloatVector.fromArray(SPECIES, w, at + 3 * LANES);
            FloatVector a = FloatVector.broadcast(SPECIES, in0[row]);
            s00 = w0.fma(a, s00);
            s01 = w1.fma(a, s01);
            s02 = w2.fma(a, s02);
            s03 = w3.fma(a, s03);
            a = FloatVector.broadcast(SPECIES, in1[row]);
            s10 = w0.fma(a, s10);
            s11 = w1.fma(a, s11);
            s12 = w2.fma(a, s12);
            s13 = w3.fma(a, s13);
            a = FloatVector.broadcast(SPECIES, in2[row]);
            s20 = w0.fma(a, s20);
            s21 = w1.fma(a, s21);
            s22 = w2.fma(a, s22);
            s23 = w3.fma(a, s23);
            a = FloatVector.broadcast(SPECIES, in3[row]);
            s30 = w0.fma(a, s30);
            s31 = w1.fma(a, s31);
            s32 = w2.fma(a, s32);
            s33 = w3.fma(a, s33);
        }
        // stored here, not through a helper: a helper taking vectors that is not inlined allocates them
        s00.intoArray(outs[key], column);
        s01.intoArray(outs[key], column + LANES);
        s02.intoArray(outs[key], column + 2 * LANES);
        s03.intoArray(outs[key], column + 3 * LANES);
        s10.intoArray(outs[key + 1], column);
        s11.intoArray(outs[key + 1], column + LANES);
        s12.intoArray(outs[key + 1], column + 2 * LANES);
        s13.intoArray(outs[key + 1], column + 3 * LANES);
        s20.intoArray(outs[key + 2], column);
        s21.intoArray(outs[key + 2], column + LANES);
        s22.intoArray(outs[key + 2], column + 2 * LANES);
        s23.intoArray(outs[key + 2], column + 3 * LANES);
        s30.intoArray(outs[key + 3], column);
        s31.intoArray(outs[key + 3], column + LANES);
        s32.intoArray(outs[key + 3], column + 2 * LANES);
        s33.intoArray(outs[key + 3], column + 3 * LANES);
    }

    /**
     * Half a block of columns (two vectors from {@code column + offset}) for keys {@code key .. key+3}: each weight
     * vector loaded once, used four times; the same fma in the same order as {@link #fourKeys}.
     */
    private static void fourKeysTwoVectors(float[] w, int[] summed, float[] bias, int column, int offset, float[][] inputs,
                                           float[][] outs, int key) {
        float[] in0 = inputs[key];
        float[] in1 = inputs[key + 1];
        float[] in2 = inputs[key + 2];
        float[] in3 = inputs[key + 3];
        int from = column + offset;
        FloatVector s00 = FloatVector.fromArray(SPECIES, bias, from);
        FloatVector s01 = FloatVector.fromArray(SPECIES, bias, from + LANES);
        FloatVector s10 = s00, s11 = s01, s20 = s00, s21 = s01, s30 = s00, s31 = s01;
        for (int i = 0, at = offset; i < summed.length; i++, at += BLOCK) {
            int row = summed[i];
            FloatVector w0 = FloatVector.fromArray(SPECIES, w, at);
            FloatVector w1 = FloatVector.fromArray(SPECIES, w, at + LANES);
            FloatVector a = FloatVector.broadcast(SPECIES, in0[row]);
            s00 = w0.fma(a, s00);
            s01 = w1.fma(a, s01);
            a = FloatVector.broadcast(SPECIES, in1[row]);
            s10 = w0.fma(a, s10);
            s11 = w1.fma(a, s11);
            a = FloatVector.broadcast(SPECIES, in2[row]);
            s20 = w0.fma(a, s20);
            s21 = w1.fma(a, s21);
            a = FloatVector.broadcast(SPECIES, in3[row]);
            s30 = w0.fma(a, s30);
            s31 = w1.fma(a, s31);
        }
        s00.intoArray(outs[key], from);
        s01.intoArray(outs[key], from + LANES);
        s10.intoArray(outs[key + 1], from);
        s11.intoArray(outs[key + 1], from + LANES);
        s20.intoArray(outs[key + 2], from);
        s21.intoArray(outs[key + 2], from + LANES);
        s30.intoArray(outs[key + 3], from);
        s31.intoArray(outs[key + 3], from + LANES);
    }

    /** The columns after the last whole block, which no vector covered. */
    private static void addColumnsAfterBlocks(float[][] rows, float[] bias, Plan plan, int column, float[] input, float[] out) {
        if (column < bias.length) {
            System.arraycopy(bias, column, out, column, bias.length - column);
            addRows(rows, plan.shortRows()[plan.rows().length], input, out, column);
        }
    }

    static int vectorBits() {
        return SPECIES.vectorBitSize();
    }

    /** The sum of {@code values}, each read once: the memory floor {@code bench step} sets beside a step. */
    static float sumOf(float[] values) {
        FloatVector s0 = FloatVector.zero(SPECIES);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int i = 0;
        for (; i + BLOCK <= values.length; i += BLOCK) {
            s0 = s0.add(FloatVector.fromArray(SPECIES, values, i));
            s1 = s1.add(FloatVector.fromArray(SPECIES, values, i + LANES));
            s2 = s2.add(FloatVector.fromArray(SPECIES, values, i + 2 * LANES));
            s3 = s3.add(FloatVector.fromArray(SPECIES, values, i + 3 * LANES));
        }
        float sum = s0.add(s1).add(s2).add(s3).reduceLanes(VectorOperators.ADD);
        for (; i < values.length; i++) {
            sum += values[i];
        }
        return sum;
    }

    /** {@code columns} rounded up to whole blocks of columns. */
    static int paddedWidth(int columns) {
        return (columns + BLOCK - 1) / BLOCK * BLOCK;
    }

    private static boolean anyNonZero(float[] row, int from, int to) {
        for (int j = from; j < to; j++) {
            if (row[j] != 0) {
                return true;
            }
        }
        return false;
    }

    /** Adds rows {@code added} over their columns from {@code from} on: the scalar part of a sum. */
    private static void addRows(float[][] rows, int[] added, float[] xh, float[] gates, int from) {
        for (int row : added) {
            float[] w = rows[row];
            float a = xh[row];
            for (int j = from; j < w.length; j++) {
                gates[j] += a * w[j];
            }
        }
    }
}

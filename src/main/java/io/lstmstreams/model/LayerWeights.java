package io.lstmstreams.model;

import java.util.Arrays;

/**
 * One recurrent layer's weights, laid out for the step engines: a matrix over the concatenated {@code [x, h]} of
 * {@code inputSize + hiddenSize} rows by {@link #columns()} gate columns in the blocks its {@link CellType} fixes
 * (LSTM: PyTorch's i, f, g, o; GRU: n from x, r, z, n from h; RNN: one block), so a step is one axpy per input and
 * the batched engine can use it as one gemm operand. Each row is its own {@code float[]} from the first column to the
 * last block it adds into (a GRU's x row stops before the h-side candidate; its h row starts with a zero block): C2
 * (Java 17) vectorises {@code y[j] += a * row[j]} but not the same loop over one flat array at an offset (measured
 * 2.6 us vs 14 us for 96 rows of 256), nor with {@code y} at an offset (an LSTM step 12 us against 5). Biases of a
 * block both parts add into are summed.
 *
 * <p>Immutable: {@link #weights()} and {@link #bias()} return copies, the engines read the package-private arrays.
 */
public final class LayerWeights {

    private final CellType cell;
    private final int inputSize;
    private final int hiddenSize;
    /** x rows then h rows, each from column 0. */
    final float[][] rows;
    /** {@code [columns]}, in the column blocks. */
    final float[] bias;

    private LayerWeights(CellType cell, int inputSize, int hiddenSize) {
        ModelSpec.require(inputSize > 0 && hiddenSize > 0, "sizes must be positive: " + inputSize + ", " + hiddenSize);
        this.cell = cell;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.rows = new float[inputSize + hiddenSize][];
        for (int row = 0; row < rows.length; row++) {
            rows[row] = new float[(row < inputSize ? cell.inputRowBlocks() : cell.recurrentRowBlocks()) * hiddenSize];
        }
        this.bias = new float[cell.columnBlocks() * hiddenSize];
    }

    /**
     * From the parameters of one layer of PyTorch's {@code nn.LSTM}, {@code nn.GRU} or {@code nn.RNN}, gate blocks in
     * PyTorch's order along the rows (LSTM i, f, g, o; GRU r, z, n; RNN one).
     *
     * @param wIh {@code weight_ih_l*}: {@code [G*H][I]}
     * @param wHh {@code weight_hh_l*}: {@code [G*H][H]}
     * @param bIh {@code bias_ih_l*}: {@code [G*H]}
     * @param bHh {@code bias_hh_l*}: {@code [G*H]}
     */
    public static LayerWeights fromPyTorch(CellType cell, float[][] wIh, float[][] wHh, float[] bIh, float[] bHh) {
        int gates = wIh.length;
        int inputSize = wIh[0].length;
        int hidden = gates / cell.gates();
        ModelSpec.require(gates == cell.gates() * hidden && wHh.length == gates && wHh[0].length == hidden
                        && bIh.length == gates && bHh.length == gates,
                cell + " needs w_ih [" + cell.gates() + "H][I], w_hh [" + cell.gates() + "H][H] and two biases ["
                        + cell.gates() + "H], got [" + gates + "][" + inputSize + "], [" + wHh.length + "][" + wHh[0].length
                        + "], [" + bIh.length + "], [" + bHh.length + "]");
        LayerWeights weights = new LayerWeights(cell, inputSize, hidden);
        weights.forEachGateUnit((row, inputColumn, recurrentColumn) -> {
            for (int in = 0; in < inputSize; in++) {
                weights.rows[in][inputColumn] = wIh[row][in];
            }
            for (int in = 0; in < hidden; in++) {
                weights.rows[inputSize + in][recurrentColumn] = wHh[row][in];
            }
            weights.bias[inputColumn] += bIh[row];
            weights.bias[recurrentColumn] += bHh[row];
        });
        return weights;
    }

    /** PyTorch's parameters of one layer, as {@link #fromPyTorch} reads them. */
    public record PyTorch(float[][] wIh, float[][] wHh, float[] bIh, float[] bHh) {
    }

    /**
     * Back to PyTorch's form. A summed bias comes back whole in {@code bIh} (with {@code bHh} 0), which computes the
     * same cell.
     */
    public PyTorch toPyTorch() {
        int hidden = hiddenSize;
        int gates = cell.gates() * hidden;
        float[][] wIh = new float[gates][inputSize];
        float[][] wHh = new float[gates][hidden];
        float[] bIh = new float[gates];
        float[] bHh = new float[gates];
        forEachGateUnit((row, inputColumn, recurrentColumn) -> {
            for (int in = 0; in < inputSize; in++) {
                wIh[row][in] = rows[in][inputColumn];
            }
            for (int in = 0; in < hidden; in++) {
                wHh[row][in] = rows[inputSize + in][recurrentColumn];
            }
            bIh[row] = bias[inputColumn];
            bHh[row] = inputColumn == recurrentColumn ? 0 : bias[recurrentColumn];
        });
        return new PyTorch(wIh, wHh, bIh, bHh);
    }

    /** Where one PyTorch gate row goes: its row in {@code weight_ih}/{@code weight_hh}, its x-side and h-side column. */
    @FunctionalInterface
    private interface GateUnit {
        void at(int row, int inputColumn, int recurrentColumn);
    }

    private void forEachGateUnit(GateUnit visit) {
        for (int gate = 0; gate < cell.gates(); gate++) {
            for (int unit = 0; unit < hiddenSize; unit++) {
                visit.at(gate * hiddenSize + unit, cell.inputBlock(gate) * hiddenSize + unit,
                        cell.recurrentBlock(gate) * hiddenSize + unit);
            }
        }
    }

    public CellType cell() {
        return cell;
    }

    public int inputSize() {
        return inputSize;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    /** Width of the gate buffer: {@code columnBlocks * H}. */
    public int columns() {
        return bias.length;
    }

    /** A copy of the {@code [I+H][columns]} row-major matrix, zero where a row has no part. */
    public float[] weights() {
        int columns = columns();
        float[] weights = new float[rows.length * columns];
        for (int row = 0; row < rows.length; row++) {
            System.arraycopy(rows[row], 0, weights, row * columns, rows[row].length);
        }
        return weights;
    }

    /** A copy of the {@code [columns]} bias. */
    public float[] bias() {
        return bias.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LayerWeights that && cell == that.cell && inputSize == that.inputSize
                && hiddenSize == that.hiddenSize && Arrays.deepEquals(rows, that.rows) && Arrays.equals(bias, that.bias);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(rows) + Arrays.hashCode(bias);
    }
}

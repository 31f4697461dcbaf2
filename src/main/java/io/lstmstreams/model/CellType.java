package io.lstmstreams.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * The recurrent cell, with PyTorch's equations ({@code nn.LSTM}, {@code nn.GRU}, {@code nn.RNN}). Each cell carries a
 * fixed number of state vectors of the hidden size per layer (LSTM: h and c; GRU and Elman RNN: h), which is all the
 * per-key state code needs to know.
 *
 * <p>A cell also fixes how {@link LayerWeights} lays out its gates for the step engines: {@link #columnBlocks()}
 * blocks of H columns, and for each of PyTorch's gate blocks (in PyTorch's order) the column block its input part and
 * its recurrent part add into. Where both add into one block the two biases are summed; GRU keeps the recurrent part
 * of its candidate apart (it is multiplied by r), so it has four blocks: n from x, r, z, n from h.
 */
public enum CellType {
    /** PyTorch gates i, f, g, o; all four sum their x and h parts. */
    LSTM(2, 4, new int[] {0, 1, 2, 3}, new int[] {0, 1, 2, 3}),
    /** PyTorch gates r, z, n; columns n from x, r, z, n from h: x rows fill blocks 0-2, h rows 1-3. */
    GRU(1, 4, new int[] {1, 2, 0}, new int[] {1, 2, 3}),
    /** Elman: h' = tanh(W_ih x + b_ih + W_hh h + b_hh). */
    RNN(1, 1, new int[] {0}, new int[] {0}),
    /** Elman with ReLU: h' = relu(W_ih x + b_ih + W_hh h + b_hh). */
    RNN_RELU(1, 1, new int[] {0}, new int[] {0});

    private final int stateVectors;
    private final int columnBlocks;
    private final int[] inputBlocks;
    private final int[] recurrentBlocks;

    CellType(int stateVectors, int columnBlocks, int[] inputBlocks, int[] recurrentBlocks) {
        this.stateVectors = stateVectors;
        this.columnBlocks = columnBlocks;
        this.inputBlocks = inputBlocks;
        this.recurrentBlocks = recurrentBlocks;
    }

    /** State vectors per layer, each of the hidden size. */
    public int stateVectors() {
        return stateVectors;
    }

    /** PyTorch's gate blocks: rows of {@code weight_ih} are {@code gates() * H}. */
    public int gates() {
        return inputBlocks.length;
    }

    /** Blocks of H columns in the step engines' gate buffer. */
    public int columnBlocks() {
        return columnBlocks;
    }

    /** The column block PyTorch gate {@code gate}'s input part adds into. */
    public int inputBlock(int gate) {
        return inputBlocks[gate];
    }

    /** The column block PyTorch gate {@code gate}'s recurrent part adds into. */
    public int recurrentBlock(int gate) {
        return recurrentBlocks[gate];
    }

    /** Column blocks an input (x) row spans from the first: up to the last it adds into. */
    int inputRowBlocks() {
        return Arrays.stream(inputBlocks).max().orElseThrow() + 1;
    }

    /** Column blocks a recurrent (h) row spans from the first: up to the last it adds into. */
    int recurrentRowBlocks() {
        return Arrays.stream(recurrentBlocks).max().orElseThrow() + 1;
    }

    /** The name training commands and bundles use: lstm, gru, rnn, rnn_relu. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The cell of a {@link #label()}. */
    public static CellType ofLabel(String label) {
        for (CellType cell : values()) {
            if (cell.label().equals(label)) {
                return cell;
            }
        }
        throw new IllegalArgumentException("unknown cell '" + label + "': expected one of lstm, gru, rnn, rnn_relu");
    }
}

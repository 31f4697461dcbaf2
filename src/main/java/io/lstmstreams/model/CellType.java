package io.lstmstreams.model;

/**
 * The recurrent cell. Each cell carries a fixed number of state vectors of the hidden size per layer
 * (LSTM: h and c), which is all the per-key state code needs to know; GRU and Elman RNN (one vector, h) join here.
 */
public enum CellType {
    LSTM(2);

    private final int stateVectors;

    CellType(int stateVectors) {
        this.stateVectors = stateVectors;
    }

    /** State vectors per layer, each of the hidden size. */
    public int stateVectors() {
        return stateVectors;
    }
}

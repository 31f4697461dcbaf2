package io.lstmstreams.model;

import java.util.Arrays;

/**
 * One key's recurrent state: for every layer the cell's state vectors ({@link CellType#stateVectors()}; LSTM: h
 * and c), and the model version that computed them, so a state from another model is never silently reused.
 * Mutable in place: the step engines overwrite the vectors without allocating. Not thread-safe.
 */
public final class RecurrentState {

    /** Index of the hidden state h (the layer's output) among a layer's vectors. */
    public static final int HIDDEN = 0;
    /** Index of the LSTM cell state c among a layer's vectors. */
    public static final int CELL = 1;

    private final long modelVersion;
    private final int layers;
    private final int hiddenSize;
    private final int vectorsPerLayer;
    private final float[][] vectors;

    /** All-zero state of the given shape. */
    public RecurrentState(long modelVersion, int layers, int hiddenSize, int vectorsPerLayer) {
        ModelSpec.require(layers > 0 && hiddenSize > 0 && vectorsPerLayer > 0,
                "layers, hiddenSize and vectorsPerLayer must be positive: " + layers + ", " + hiddenSize + ", " + vectorsPerLayer);
        this.modelVersion = modelVersion;
        this.layers = layers;
        this.hiddenSize = hiddenSize;
        this.vectorsPerLayer = vectorsPerLayer;
        this.vectors = new float[layers * vectorsPerLayer][hiddenSize];
    }

    /** The state a key starts from under a model of shape {@code spec}. */
    public static RecurrentState zeros(ModelSpec spec, long modelVersion) {
        return new RecurrentState(modelVersion, spec.layers(), spec.hiddenSize(), spec.cell().stateVectors());
    }

    public long modelVersion() {
        return modelVersion;
    }

    public int layers() {
        return layers;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    public int vectorsPerLayer() {
        return vectorsPerLayer;
    }

    /** The live vector {@code index} ({@link #HIDDEN}, {@link #CELL}) of {@code layer}: writes change this state. */
    public float[] vector(int layer, int index) {
        return vectors[layer * vectorsPerLayer + index];
    }

    /** Whether the state fits a model of shape {@code spec}. */
    public boolean fits(ModelSpec spec) {
        return layers == spec.layers() && hiddenSize == spec.hiddenSize() && vectorsPerLayer == spec.cell().stateVectors();
    }

    public RecurrentState copy() {
        RecurrentState copy = new RecurrentState(modelVersion, layers, hiddenSize, vectorsPerLayer);
        for (int i = 0; i < vectors.length; i++) {
            System.arraycopy(vectors[i], 0, copy.vectors[i], 0, hiddenSize);
        }
        return copy;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RecurrentState that && modelVersion == that.modelVersion && layers == that.layers
                && hiddenSize == that.hiddenSize && vectorsPerLayer == that.vectorsPerLayer
                && Arrays.deepEquals(vectors, that.vectors);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(modelVersion) * 31 + Arrays.deepHashCode(vectors);
    }

    @Override
    public String toString() {
        return "RecurrentState[modelVersion=" + modelVersion + ", layers=" + layers + ", hiddenSize=" + hiddenSize
                + ", vectorsPerLayer=" + vectorsPerLayer + "]";
    }
}

package io.lstmstreams.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One recurrent step (LSTM, GRU or Elman RNN, stacked) for one key, in plain Java with no allocation per event.
 * Hand-written because DL4J's {@code rnnTimeStep} costs 250-300 us per call whatever the batch (STACK-FACTS), while
 * this step takes a few microseconds: the per-record path of a stream thread.
 *
 * <p>Holds scratch buffers: not thread-safe, use one per thread.
 */
public final class KeyStepper implements Stepper {

    /** Whether this JVM has the Vector API ({@code --add-modules jdk.incubator.vector}, as bin/lstm-streams starts it). */
    static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    /**
     * Layers whose weights read by a step (zero blocks left out) are up to this size take {@link VectorGates}: its
     * column blocks jump between rows, which pays while the weights sit in L2 (H=64, I=32, 98 KB: LSTM 3.55 -> 2.41 us a step) and costs once they stream from
     * memory (the default pos model, 2.7 and 2.1 MB a layer: 100 -> 122 us once; a rerun of the axpy form gave 123-130 us,
     * so that difference is within noise), where the axpy form reads rows in order.
     */
    static final long VECTOR_MAX_WEIGHT_BYTES = 1 << 20;
    /**
     * A run of zero weights at least this long within a row is skipped by the scalar form (an ensemble's
     * block-diagonal layers, a GRU's h row): shorter runs cost less to add than to branch around.
     */
    static final int MIN_SKIPPED_ZEROS = 16;

    private final RecurrentModel model;
    private final ModelSpec spec;
    private final List<RecurrentModel.Embedding> embeddings;
    private final LayerWeights[] layers;
    /** Per layer: what {@link VectorGates} reads, or null where the scalar form runs. */
    private final VectorGates.Plan[] vectorPlans;
    /** Per layer and row: the spans of columns the scalar form adds into ({@link #spans}). */
    private final int[][][] spans;
    private final RecurrentModel.Head head;
    private final float[] embedded;
    private final float[] gates;
    /** x and h side by side, for {@link VectorGates}. */
    private final float[] inputAndHidden;
    private final float[] cellTanh;
    /** The head's weights one row per input; padded to whole blocks of columns where {@link #headPlan} runs. */
    private final float[][] headRows;
    /** What {@link VectorGates} reads for the head, or null where the scalar form runs; its bias and sums, padded. */
    private final VectorGates.Plan headPlan;
    private final float[] headBias;
    private final float[] headSums;

    public KeyStepper(RecurrentModel model) {
        this.model = model;
        this.spec = model.spec();
        this.embeddings = model.embeddings();
        this.layers = model.layers().toArray(LayerWeights[]::new);
        this.vectorPlans = new VectorGates.Plan[layers.length];
        this.spans = new int[layers.length][][];
        for (int layer = 0; layer < layers.length; layer++) {
            spans[layer] = spans(layers[layer]);
            if (VECTOR_API) {
                VectorGates.Plan plan = VectorGates.plan(layers[layer]);
                vectorPlans[layer] = plan.weightBytes() <= VECTOR_MAX_WEIGHT_BYTES ? plan : null;
            }
        }
        this.head = model.head();
        this.embedded = new float[spec.inputWidth()];
        this.gates = new float[spec.cell().columnBlocks() * spec.hiddenSize()];
        this.inputAndHidden = new float[Math.max(spec.inputWidth(), spec.hiddenSize()) + spec.hiddenSize()];
        this.cellTanh = new float[spec.hiddenSize()];
        int headWidth = VECTOR_API ? VectorGates.paddedWidth(head.outputs()) : head.outputs();
        this.headRows = new float[head.inputs()][headWidth];
        for (int row = 0; row < headRows.length; row++) {
            System.arraycopy(head.weights(), row * head.outputs(), headRows[row], 0, head.outputs());
        }
        this.headBias = Arrays.copyOf(head.bias(), headWidth);
        this.headSums = new float[headWidth];
        this.headPlan = VECTOR_API ? VectorGates.plan(headRows, headWidth) : null;
    }

    public RecurrentModel model() {
        return model;
    }

    /**
     * Steps a token-input model: one id per slot, in slot order. Updates {@code state} in place and writes the head's
     * output (class probabilities or regression values) into {@code output}.
     */
    @Override
    public void step(RecurrentState state, int[] slotIds, float[] output) {
        if (!spec.input().isTokens()) {
            throw new IllegalArgumentException("this model reads features, not token ids");
        }
        if (slotIds.length != embeddings.size()) {
            throw new IllegalArgumentException("expected one id per slot (" + embeddings.size() + "), got " + slotIds.length);
        }
        int offset = 0;
        for (int slot = 0; slot < slotIds.length; slot++) {
            RecurrentModel.Embedding embedding = embeddings.get(slot);
            int id = slotIds[slot];
            if (id < 0 || id >= embedding.vocabularySize()) {
                throw new IllegalArgumentException("token id " + id + " of slot " + spec.input().slots().get(slot).name()
                        + " is outside [0, " + embedding.vocabularySize() + ")");
            }
            System.arraycopy(embedding.table(), id * embedding.embeddingSize(), embedded, offset, embedding.embeddingSize());
            offset += embedding.embeddingSize();
        }
        stepLayers(state, embedded, output);
    }

    /** Steps a feature-input model; otherwise as {@link #step(RecurrentState, int[], float[])}. */
    @Override
    public void step(RecurrentState state, float[] features, float[] output) {
        if (spec.input().isTokens()) {
            throw new IllegalArgumentException("this model reads token ids, not features");
        }
        if (features.length != spec.inputWidth()) {
            throw new IllegalArgumentException("expected " + spec.inputWidth() + " features, got " + features.length);
        }
        stepLayers(state, features, output);
    }

    private void stepLayers(RecurrentState state, float[] input, float[] output) {
        if (!state.fits(spec)) {
            throw new IllegalArgumentException("state " + state + " does not fit the model " + spec);
        }
        if (output.length != head.outputs()) {
            throw new IllegalArgumentException("output must have " + head.outputs() + " values, got " + output.length);
        }
        float[] x = input;
        for (int layer = 0; layer < layers.length; layer++) {
            LayerWeights weights = layers[layer];
            float[] h = state.vector(layer, RecurrentState.HIDDEN);
            if (vectorPlans[layer] != null) {
                VectorGates.gates(weights, vectorPlans[layer], x, h, inputAndHidden, gates);
            } else {
                gates(weights, spans[layer], x, h, gates);
            }
            int hidden = weights.hiddenSize();
            switch (weights.cell()) {
                case LSTM -> lstm(gates, h, state.vector(layer, RecurrentState.CELL), cellTanh, hidden);
                case GRU -> gru(gates, h, hidden);
                case RNN -> {
                    FastActivations.tanh(gates, 0, hidden);
                    System.arraycopy(gates, 0, h, 0, hidden);
                }
                case RNN_RELU -> {
                    for (int unit = 0; unit < hidden; unit++) {
                        h[unit] = Math.max(0f, gates[unit]);
                    }
                }
            }
            x = h;
        }
        if (headPlan != null) {
            VectorGates.sums(headRows, headBias, headPlan, x, headSums);
            System.arraycopy(headSums, 0, output, 0, output.length);
        } else {
            System.arraycopy(headBias, 0, output, 0, output.length);
            for (int row = 0; row < headRows.length; row++) {
                axpy(x[row], headRows[row], output, 0, output.length);
            }
        }
        if (head.kind() == ModelSpec.HeadSpec.HeadKind.SOFTMAX) {
            softmaxInPlace(output);
        }
    }

    /**
     * The pre-activations of every cell: gates = [x, h] W + b, one axpy per input over the spans of its row.
     * Each stage is a plain loop over arrays so that C2 vectorises it. {@link VectorGates} where the JVM has the Vector API.
     *
     * @param spans what {@link #spans} gives for these weights
     */
    static void gates(LayerWeights weights, int[][] spans, float[] x, float[] h, float[] gates) {
        int inputs = weights.inputSize();
        float[][] rows = weights.rows;
        System.arraycopy(weights.bias, 0, gates, 0, weights.columns());
        for (int row = 0; row < rows.length; row++) {
            float a = row < inputs ? x[row] : h[row - inputs];
            int[] rowSpans = spans[row];
            for (int span = 0; span < rowSpans.length; span += 2) {
                axpy(a, rows[row], gates, rowSpans[span], rowSpans[span + 1]);
            }
        }
    }

    /**
     * Per row, the columns worth adding as {@code from, to} pairs: the row less its runs of at least
     * {@value #MIN_SKIPPED_ZEROS} zeros. Skipping a zero weight is exact ({@code y + 0 * a == y} for finite inputs),
     * and an ensemble's block-diagonal layer then costs K times one member's step, not K^2.
     */
    static int[][] spans(LayerWeights weights) {
        int[][] spans = new int[weights.rows.length][];
        for (int row = 0; row < spans.length; row++) {
            float[] w = weights.rows[row];
            List<Integer> bounds = new ArrayList<>();
            int column = 0;
            while (true) {
                while (column < w.length && w[column] == 0) {
                    column++;
                }
                if (column == w.length) {
                    break;
                }
                int from = column;
                int end = column + 1; // one past the last non-zero weight of the span
                for (int j = end; j < w.length && j - end < MIN_SKIPPED_ZEROS; j++) {
                    if (w[j] != 0) {
                        end = j + 1;
                    }
                }
                bounds.add(from);
                bounds.add(end);
                column = end;
            }
            spans[row] = bounds.stream().mapToInt(Integer::intValue).toArray();
        }
        return spans;
    }

    /** PyTorch's LSTM from its gates i, f, g, o: c' = f c + i g; h' = o tanh(c'). Updates h and c in place. */
    private static void lstm(float[] gates, float[] h, float[] c, float[] cellTanh, int hidden) {
        FastActivations.sigmoid(gates, 0, 2 * hidden);          // i, f
        FastActivations.tanh(gates, 2 * hidden, 3 * hidden);     // g
        FastActivations.sigmoid(gates, 3 * hidden, 4 * hidden);  // o
        for (int unit = 0; unit < hidden; unit++) {
            c[unit] = gates[hidden + unit] * c[unit] + gates[unit] * gates[2 * hidden + unit];
        }
        System.arraycopy(c, 0, cellTanh, 0, hidden);
        FastActivations.tanh(cellTanh, 0, hidden);
        for (int unit = 0; unit < hidden; unit++) {
            h[unit] = gates[3 * hidden + unit] * cellTanh[unit];
        }
    }

    /**
     * PyTorch's GRU from its columns n_x (W_in x + b_in), r, z, n_h (W_hn h + b_hn): n = tanh(n_x + r n_h);
     * h' = (1 - z) n + z h = n + z (h - n). Updates h in place.
     */
    private static void gru(float[] gates, float[] h, int hidden) {
        FastActivations.sigmoid(gates, hidden, 3 * hidden);      // r, z
        for (int unit = 0; unit < hidden; unit++) {
            gates[unit] += gates[hidden + unit] * gates[3 * hidden + unit];
        }
        FastActivations.tanh(gates, 0, hidden);                  // n
        for (int unit = 0; unit < hidden; unit++) {
            h[unit] = gates[unit] + gates[2 * hidden + unit] * (h[unit] - gates[unit]);
        }
    }

    /** {@code y += a * w}, over the values {@code from} to {@code to} (exclusive). */
    private static void axpy(float a, float[] w, float[] y, int from, int to) {
        for (int j = from; j < to; j++) {
            y[j] += a * w[j];
        }
    }

    private static void softmaxInPlace(float[] values) {
        float max = Float.NEGATIVE_INFINITY;
        for (float value : values) {
            max = Math.max(max, value);
        }
        float sum = 0;
        for (int k = 0; k < values.length; k++) {
            values[k] = (float) Math.exp(values[k] - max);
            sum += values[k];
        }
        float scale = 1 / sum;
        for (int k = 0; k < values.length; k++) {
            values[k] *= scale;
        }
    }
}

package io.lstmstreams.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One recurrent step (LSTM, GRU or Elman RNN, stacked) for one key, or for several keys in one call, in plain Java
 * with no allocation per event. Hand-written because DL4J's {@code rnnTimeStep} costs 250-300 us per call whatever
 * the batch (STACK-FACTS), while this step takes a few microseconds: the per-record path of a stream thread.
 *
 * <p>Holds scratch buffers: not thread-safe, use one per thread.
 */
public final class KeyStepper implements Stepper, KeysStepper {

    /** Whether this JVM has the Vector API ({@code --add-modules jdk.incubator.vector}, as bin/lstm-streams starts it). */
    static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    /**
     * A run of zero weights at least this long within a row is skipped by the scalar form (an ensemble's
     * block-diagonal layers, a GRU's h row): shorter runs cost less to add than to branch around.
     */
    static final int MIN_SKIPPED_ZEROS = 16;

    private final RecurrentModel model;
    private final ModelSpec spec;
    private final List<RecurrentModel.Embedding> embeddings;
    private final LayerWeights[] layers;
    /**
     * Per layer: what {@link VectorGates} reads, where the JVM has the Vector API (else the scalar form runs). Its
     * packed blocks pay at every size: the default pos model's step 108.78 -> 79.52 us against the scalar form,
     * which it used to take above 1 MB of weights (when the vector form read each row's block in place); 58-60 us
     * since the plan lists the rows its vectors skip rather than looking for them at every step.
     */
    private final VectorGates.Plan[] vectorPlans;
    /** Per layer and row: the spans of columns the scalar form adds into ({@link #spans}); null where it never runs. */
    private final int[][][] spans;
    private final RecurrentModel.Head head;
    private final float[] embedded;
    private final float[] gates;
    /** x and h side by side, for {@link VectorGates}. */
    private final float[] inputAndHidden;
    private final float[] cellTanh;
    /** The head's weights one row per input; padded to whole blocks of columns where {@link #headPlan} runs. */
    private final float[][] headRows;
    /** What {@link VectorGates} reads for the head where the JVM has the Vector API; its bias and sums, padded. */
    private final VectorGates.Plan headPlan;
    private final float[] headBias;
    private final float[] headSums;
    private Batch batch;

    public KeyStepper(RecurrentModel model) {
        this.model = model;
        this.spec = model.spec();
        this.embeddings = model.embeddings();
        this.layers = model.layers().toArray(LayerWeights[]::new);
        this.vectorPlans = new VectorGates.Plan[layers.length];
        this.spans = new int[layers.length][][];
        for (int layer = 0; layer < layers.length; layer++) {
            if (VECTOR_API) {
                vectorPlans[layer] = VectorGates.plan(layers[layer]);
            } else {
                spans[layer] = spans(layers[layer]);
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

    /** The width of the vectors the step runs on (the Vector API's preferred species on this CPU), 0 without the Vector API. */
    public static int vectorBits() {
        return VECTOR_API ? VectorGates.vectorBits() : 0;
    }

    /**
     * The sum of {@code values}, each read once, as fast as this JVM reads memory (with the Vector API where it has
     * it): what reading a model's weights once costs, the floor of a one-key step, for {@code bench step}. Without the
     * Vector API it is no floor: C2 keeps a float sum in order, one value at a time.
     */
    public static float readOnce(float[] values) {
        if (VECTOR_API) {
            return VectorGates.sumOf(values);
        }
        float sum = 0;
        for (float value : values) {
            sum += value;
        }
        return sum;
    }

    /**
     * Steps a token-input model: one id per slot, in slot order. Updates {@code state} in place and writes the head's
     * output (class probabilities or regression values) into {@code output}.
     */
    @Override
    public void step(RecurrentState state, int[] slotIds, float[] output) {
        embed(slotIds, embedded);
        stepLayers(state, embedded, output);
    }

    /** The slots' embeddings side by side into {@code into}, after checking the ids. */
    private void embed(int[] slotIds, float[] into) {
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
            System.arraycopy(embedding.table(), id * embedding.embeddingSize(), into, offset, embedding.embeddingSize());
            offset += embedding.embeddingSize();
        }
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
        check(state, output);
        float[] x = input;
        for (int layer = 0; layer < layers.length; layer++) {
            LayerWeights weights = layers[layer];
            float[] h = state.vector(layer, RecurrentState.HIDDEN);
            if (VECTOR_API) {
                VectorGates.gates(weights, vectorPlans[layer], x, h, inputAndHidden, gates);
            } else {
                gates(weights, spans[layer], x, h, gates);
            }
            activate(weights, gates, state, layer, cellTanh);
            x = h;
        }
        if (VECTOR_API) {
            VectorGates.sums(headRows, headBias, headPlan, x, headSums);
            System.arraycopy(headSums, 0, output, 0, output.length);
        } else {
            scalarHead(x, output);
        }
        finishHead(output);
    }

    /**
     * Steps {@code states.size()} keys of a token-input model at once, {@code slotIds[key]} one id per slot: as
     * {@link #step(RecurrentState, int[], float[])} for each, bit for bit, but with the Vector API each weight is read
     * once per four keys ({@link VectorGates#sums(float[][], float[], VectorGates.Plan, float[][], float[][], int)}).
     */
    @Override
    public void step(List<RecurrentState> states, int[][] slotIds, float[][] outputs) {
        if (slotIds.length != states.size()) {
            throw new IllegalArgumentException("need ids for each of " + states.size() + " keys, got " + slotIds.length);
        }
        Batch batch = batch(states.size());
        for (int key = 0; key < slotIds.length; key++) {
            embed(slotIds[key], batch.inputs[key]);
        }
        stepLayers(states, batch.inputs, outputs);
    }

    /** Steps {@code states.size()} keys of a feature-input model at once; otherwise as the token form. */
    @Override
    public void step(List<RecurrentState> states, float[][] features, float[][] outputs) {
        KeysStepper.checkFeatures(spec, states, features);
        stepLayers(states, features, outputs);
    }

    private void stepLayers(List<RecurrentState> states, float[][] inputs, float[][] outputs) {
        int keys = states.size();
        if (outputs.length != keys) {
            throw new IllegalArgumentException("need an output row for each of " + keys + " keys, got " + outputs.length);
        }
        if (!VECTOR_API) { // without vectors, no weight is shared between keys: one after another
            for (int key = 0; key < keys; key++) {
                stepLayers(states.get(key), inputs[key], outputs[key]);
            }
            return;
        }
        for (int key = 0; key < keys; key++) {
            check(states.get(key), outputs[key]);
        }
        Batch batch = batch(keys);
        for (int layer = 0; layer < layers.length; layer++) {
            LayerWeights weights = layers[layer];
            int inputSize = weights.inputSize();
            for (int key = 0; key < keys; key++) {
                float[] x = layer == 0 ? inputs[key] : states.get(key).vector(layer - 1, RecurrentState.HIDDEN);
                System.arraycopy(x, 0, batch.inputAndHidden[key], 0, inputSize);
                System.arraycopy(states.get(key).vector(layer, RecurrentState.HIDDEN), 0, batch.inputAndHidden[key],
                        inputSize, weights.hiddenSize());
            }
            VectorGates.sums(weights.rows, weights.bias, vectorPlans[layer], batch.inputAndHidden, batch.gates, keys);
            for (int key = 0; key < keys; key++) {
                activate(weights, batch.gates[key], states.get(key), layer, cellTanh);
            }
        }
        for (int key = 0; key < keys; key++) {
            batch.lastHidden[key] = states.get(key).vector(layers.length - 1, RecurrentState.HIDDEN);
        }
        VectorGates.sums(headRows, headBias, headPlan, batch.lastHidden, batch.headSums, keys);
        for (int key = 0; key < keys; key++) {
            System.arraycopy(batch.headSums[key], 0, outputs[key], 0, outputs[key].length);
            finishHead(outputs[key]);
        }
    }

    /** Per-key scratch of a batched call, kept for the largest batch seen. */
    private static final class Batch {
        final float[][] inputs;
        final float[][] inputAndHidden;
        final float[][] gates;
        final float[][] lastHidden;
        final float[][] headSums;

        Batch(int keys, int inputWidth, int xhWidth, int columns, int headWidth) {
            inputs = new float[keys][inputWidth];
            inputAndHidden = new float[keys][xhWidth];
            gates = new float[keys][columns];
            lastHidden = new float[keys][];
            headSums = new float[keys][headWidth];
        }
    }

    private Batch batch(int keys) {
        if (keys <= 0) {
            throw new IllegalArgumentException("need at least one key");
        }
        if (batch == null || batch.inputs.length < keys) {
            batch = new Batch(keys, spec.inputWidth(), inputAndHidden.length, gates.length, headSums.length);
        }
        return batch;
    }

    private void check(RecurrentState state, float[] output) {
        if (!state.fits(spec)) {
            throw new IllegalArgumentException("state " + state + " does not fit the model " + spec);
        }
        if (output.length != head.outputs()) {
            throw new IllegalArgumentException("output must have " + head.outputs() + " values, got " + output.length);
        }
    }

    /** The cell's update of layer {@code layer}'s h (and c) in {@code state} from its gates' pre-activations. */
    private static void activate(LayerWeights weights, float[] gates, RecurrentState state, int layer, float[] cellTanh) {
        float[] h = state.vector(layer, RecurrentState.HIDDEN);
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
    }

    private void scalarHead(float[] x, float[] output) {
        System.arraycopy(headBias, 0, output, 0, output.length);
        for (int row = 0; row < headRows.length; row++) {
            axpy(x[row], headRows[row], output, 0, output.length);
        }
    }

    /**
     * The softmax of a softmax head, on {@code Math.exp}: the Vector API's exp gives other bits interpreted than
     * compiled, so a restarted instance re-emitted probabilities an ulp off the ones it had committed (the kill tests
     * caught it); every other operation of the step is exactly rounded either way.
     */
    private void finishHead(float[] output) {
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

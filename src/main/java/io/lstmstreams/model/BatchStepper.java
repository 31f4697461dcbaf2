package io.lstmstreams.model;

import java.nio.FloatBuffer;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One recurrent step (LSTM, GRU or Elman RNN, stacked) for many keys in one call through ND4J: the path a GPU backend
 * can take. Per layer a single gemm of {@code [x, h, 1]} ({@code [B, I+H+1]}) against a pre-concatenated
 * {@code [I+H+1, columns]} matrix whose last row is the bias, then a few element-wise ops over the whole batch. LSTM
 * columns are stored as i, f, o, g so the three sigmoid gates are one contiguous block and take one op; GRU keeps
 * {@link LayerWeights}' n_x, r, z, n_h (r and z contiguous), its zeros where x and h have no part costing a quarter
 * more multiply-adds than three blocks would. Buffers are sized for the largest batch seen and reused.
 *
 * <p>The keys' states live in Java ({@link RecurrentState}); each call copies them in and out in bulk.
 * Not thread-safe: use one per thread.
 */
public final class BatchStepper implements KeysStepper {

    /** LSTM: PyTorch block (i, f, g, o) to this class's column block (i, f, o, g). */
    private static final int[] LSTM_COLUMN_BLOCK = {0, 1, 3, 2};

    private final ModelSpec spec;
    private final RecurrentModel model;
    private final int hidden;
    private final INDArray[] layerWeights;
    private final INDArray headWeights;
    private final INDArray headBias;
    private Buffers buffers;
    private Views views;

    public BatchStepper(RecurrentModel model) {
        this.model = model;
        this.spec = model.spec();
        this.hidden = spec.hiddenSize();
        this.layerWeights = model.layers().stream().map(BatchStepper::withBiasRow).toArray(INDArray[]::new);
        RecurrentModel.Head head = model.head();
        this.headWeights = Nd4j.create(head.weights(), new long[] {head.inputs(), head.outputs()}, DataType.FLOAT);
        this.headBias = Nd4j.create(head.bias(), new long[] {1, head.outputs()}, DataType.FLOAT);
    }

    public RecurrentModel model() {
        return model;
    }

    /** Steps a token-input model for {@code states.size()} keys: {@code slotIds[key]} holds one id per slot. */
    @Override
    public void step(List<RecurrentState> states, int[][] slotIds, float[][] outputs) {
        if (!spec.input().isTokens()) {
            throw new IllegalArgumentException("this model reads features, not token ids");
        }
        if (slotIds.length != states.size()) {
            throw new IllegalArgumentException("need ids for each of " + states.size() + " keys, got " + slotIds.length);
        }
        Views batch = prepare(states, outputs);
        int width = spec.inputWidth();
        List<RecurrentModel.Embedding> embeddings = model.embeddings();
        for (int key = 0; key < slotIds.length; key++) {
            if (slotIds[key].length != embeddings.size()) {
                throw new IllegalArgumentException("key " + key + ": expected one id per slot (" + embeddings.size() + "), got " + slotIds[key].length);
            }
            int offset = key * width;
            for (int slot = 0; slot < embeddings.size(); slot++) {
                RecurrentModel.Embedding embedding = embeddings.get(slot);
                int id = slotIds[key][slot];
                if (id < 0 || id >= embedding.vocabularySize()) {
                    throw new IllegalArgumentException("key " + key + ": token id " + id + " of slot "
                            + spec.input().slots().get(slot).name() + " is outside [0, " + embedding.vocabularySize() + ")");
                }
                System.arraycopy(embedding.table(), id * embedding.embeddingSize(), buffers.input, offset, embedding.embeddingSize());
                offset += embedding.embeddingSize();
            }
        }
        stepLayers(batch, states, outputs);
    }

    /** Steps a feature-input model for {@code states.size()} keys: {@code features[key]} is that key's vector. */
    @Override
    public void step(List<RecurrentState> states, float[][] features, float[][] outputs) {
        KeysStepper.checkFeatures(spec, states, features);
        Views batch = prepare(states, outputs);
        int width = spec.inputWidth();
        for (int key = 0; key < features.length; key++) {
            System.arraycopy(features[key], 0, buffers.input, key * width, width);
        }
        stepLayers(batch, states, outputs);
    }

    private Views prepare(List<RecurrentState> states, float[][] outputs) {
        int keys = states.size();
        if (keys <= 0) {
            throw new IllegalArgumentException("need at least one key");
        }
        if (outputs.length != keys) {
            throw new IllegalArgumentException("need an output row for each of " + keys + " keys, got " + outputs.length);
        }
        for (int key = 0; key < keys; key++) {
            if (!states.get(key).fits(spec)) {
                throw new IllegalArgumentException("key " + key + ": state " + states.get(key) + " does not fit the model " + spec);
            }
            if (outputs[key].length != spec.head().outputs()) {
                throw new IllegalArgumentException("key " + key + ": output must have " + spec.head().outputs() + " values, got " + outputs[key].length);
            }
        }
        if (buffers == null || buffers.capacity < keys) {
            buffers = new Buffers(spec, keys);
            views = null;
        }
        if (views == null || views.keys != keys) {
            views = new Views(spec, buffers, keys, hidden);
        }
        return views;
    }

    private void stepLayers(Views batch, List<RecurrentState> states, float[][] outputs) {
        Buffers b = buffers;
        int keys = batch.keys;
        boolean lstm = spec.cell() == CellType.LSTM;
        for (int layer = 0; layer < layerWeights.length; layer++) {
            int inputs = spec.layerInputWidth(layer);
            int width = inputs + hidden + 1;
            for (int key = 0; key < keys; key++) {
                RecurrentState state = states.get(key);
                int row = key * width;
                if (layer == 0) {
                    System.arraycopy(b.input, key * inputs, b.staging, row, inputs);
                } else {
                    System.arraycopy(state.vector(layer - 1, RecurrentState.HIDDEN), 0, b.staging, row, inputs);
                }
                System.arraycopy(state.vector(layer, RecurrentState.HIDDEN), 0, b.staging, row + inputs, hidden);
                b.staging[row + width - 1] = 1f;
                if (lstm) {
                    System.arraycopy(state.vector(layer, RecurrentState.CELL), 0, b.cellStaging, key * hidden, hidden);
                }
            }
            b.xhData[layer].put(0, b.staging, 0, keys * width);
            if (lstm) {
                b.cellData.put(0, b.cellStaging, 0, keys * hidden);
            }

            Nd4j.gemm(batch.xh[layer], layerWeights[layer], batch.gates, false, false, 1.0, 0.0);
            switch (spec.cell()) {
                case LSTM -> {
                    Transforms.sigmoid(batch.sigmoids, false);               // i, f, o
                    Transforms.tanh(batch.block(3), false);                  // g
                    batch.cell.muli(batch.block(1));                         // f c
                    batch.block(0).mul(batch.block(3), batch.scratch);       // i g
                    batch.cell.addi(batch.scratch);                          // c' = f c + i g
                    Nd4j.exec(new Tanh(batch.cell, batch.hidden));
                    batch.hidden.muli(batch.block(2));                       // h' = o tanh(c')
                }
                case GRU -> {
                    Transforms.sigmoid(batch.sigmoids, false);               // r, z
                    batch.block(1).mul(batch.block(3), batch.scratch);       // r n_h
                    batch.block(0).addi(batch.scratch);
                    Transforms.tanh(batch.block(0), false);                  // n = tanh(n_x + r n_h)
                    batch.previous[layer].sub(batch.block(0), batch.scratch);
                    batch.scratch.muli(batch.block(2));                      // z (h - n)
                    batch.block(0).add(batch.scratch, batch.hidden);         // h' = n + z (h - n)
                }
                case RNN -> Nd4j.exec(new Tanh(batch.block(0), batch.hidden));
                case RNN_RELU -> Nd4j.exec(new RectifiedLinear(batch.block(0), batch.hidden));
            }

            b.hiddenData.get(0, b.hiddenStaging, 0, keys * hidden);
            if (lstm) {
                b.cellData.get(0, b.cellStaging, 0, keys * hidden);
            }
            for (int key = 0; key < keys; key++) {
                RecurrentState state = states.get(key);
                System.arraycopy(b.hiddenStaging, key * hidden, state.vector(layer, RecurrentState.HIDDEN), 0, hidden);
                if (lstm) {
                    System.arraycopy(b.cellStaging, key * hidden, state.vector(layer, RecurrentState.CELL), 0, hidden);
                }
            }
        }
        Nd4j.gemm(batch.hidden, headWeights, batch.logits, false, false, 1.0, 0.0);
        batch.logits.addiRowVector(headBias);
        if (spec.head().kind() == ModelSpec.HeadSpec.HeadKind.SOFTMAX) {
            Nd4j.exec(new SoftMax(batch.logits, batch.logits, 1));
        }
        int classes = spec.head().outputs();
        b.logitsData.get(0, b.logitsStaging, 0, keys * classes);
        for (int key = 0; key < keys; key++) {
            System.arraycopy(b.logitsStaging, key * classes, outputs[key], 0, classes);
        }
    }

    /** {@code [I+H+1, columns]}: the weights over [x, h] with the bias as the last row, LSTM columns in blocks i, f, o, g. */
    private static INDArray withBiasRow(LayerWeights weights) {
        int hidden = weights.hiddenSize();
        int columns = weights.columns();
        int rows = weights.inputSize() + hidden;
        float[] dense = weights.weights();
        float[] matrix = new float[(rows + 1) * columns];
        for (int row = 0; row <= rows; row++) {
            float[] source = row < rows ? dense : weights.bias;
            int from = row < rows ? row * columns : 0;
            for (int block = 0; block < columns / hidden; block++) {
                int column = weights.cell() == CellType.LSTM ? LSTM_COLUMN_BLOCK[block] : block;
                System.arraycopy(source, from + block * hidden, matrix, row * columns + column * hidden, hidden);
            }
        }
        return Nd4j.create(matrix, new long[] {rows + 1, columns}, DataType.FLOAT);
    }

    /** Native buffers for up to {@code capacity} keys, with Java staging arrays and NIO views for bulk copies. */
    private static final class Buffers {
        final int capacity;
        final INDArray[] xh;
        final FloatBuffer[] xhData;
        final INDArray gates;
        final INDArray cell;
        final FloatBuffer cellData;
        final INDArray hidden;
        final FloatBuffer hiddenData;
        final INDArray scratch;
        final INDArray logits;
        final FloatBuffer logitsData;
        final float[] input;
        final float[] staging;
        final float[] cellStaging;
        final float[] hiddenStaging;
        final float[] logitsStaging;

        Buffers(ModelSpec spec, int capacity) {
            this.capacity = capacity;
            int h = spec.hiddenSize();
            xh = new INDArray[spec.layers()];
            xhData = new FloatBuffer[spec.layers()];
            int widest = 0;
            for (int layer = 0; layer < spec.layers(); layer++) {
                int width = spec.layerInputWidth(layer) + h + 1;
                widest = Math.max(widest, width);
                xh[layer] = Nd4j.create(DataType.FLOAT, capacity, width);
                xhData[layer] = xh[layer].data().asNioFloat();
            }
            gates = Nd4j.create(DataType.FLOAT, capacity, (long) spec.cell().columnBlocks() * h);
            cell = Nd4j.create(DataType.FLOAT, capacity, h);
            cellData = cell.data().asNioFloat();
            hidden = Nd4j.create(DataType.FLOAT, capacity, h);
            hiddenData = hidden.data().asNioFloat();
            scratch = Nd4j.create(DataType.FLOAT, capacity, h);
            logits = Nd4j.create(DataType.FLOAT, capacity, spec.head().outputs());
            logitsData = logits.data().asNioFloat();
            input = new float[capacity * spec.inputWidth()];
            staging = new float[capacity * widest];
            cellStaging = new float[capacity * h];
            hiddenStaging = new float[capacity * h];
            logitsStaging = new float[capacity * spec.head().outputs()];
        }
    }

    /** Views of the first {@code keys} rows of every buffer, and of the gate blocks; rebuilt when the batch size changes. */
    private static final class Views {
        final int keys;
        final INDArray[] xh;
        /** Per layer, the h part of {@code xh}: the state before the step. */
        final INDArray[] previous;
        final INDArray gates;
        final INDArray[] blocks;
        /** The gates one sigmoid covers: LSTM's i, f, o; GRU's r, z. */
        final INDArray sigmoids;
        final INDArray cell;
        final INDArray hidden;
        final INDArray scratch;
        final INDArray logits;

        Views(ModelSpec spec, Buffers buffers, int keys, int h) {
            this.keys = keys;
            xh = new INDArray[buffers.xh.length];
            previous = new INDArray[buffers.xh.length];
            for (int layer = 0; layer < xh.length; layer++) {
                xh[layer] = rows(buffers.xh[layer], keys);
                int inputs = spec.layerInputWidth(layer);
                previous[layer] = columns(xh[layer], inputs, inputs + h);
            }
            gates = rows(buffers.gates, keys);
            blocks = new INDArray[spec.cell().columnBlocks()];
            for (int block = 0; block < blocks.length; block++) {
                blocks[block] = columns(gates, block * h, (block + 1) * h);
            }
            CellType type = spec.cell();
            sigmoids = type == CellType.LSTM ? columns(gates, 0, 3 * h) : type == CellType.GRU ? columns(gates, h, 3 * h) : null;
            cell = rows(buffers.cell, keys);
            hidden = rows(buffers.hidden, keys);
            scratch = rows(buffers.scratch, keys);
            logits = rows(buffers.logits, keys);
        }

        /** Gate column block {@code block}. */
        INDArray block(int block) {
            return blocks[block];
        }

        private static INDArray rows(INDArray buffer, int keys) {
            return buffer.get(NDArrayIndex.interval(0, keys), NDArrayIndex.all());
        }

        private static INDArray columns(INDArray matrix, int from, int to) {
            return matrix.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to));
        }
    }
}

package io.lstmstreams.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Several models of one shape as one wider model, so that every step engine (and the batched one as a single gemm)
 * runs an ensemble as one step: embeddings side by side, each recurrent layer block-diagonal (member k's units are
 * units {@code k*H .. k*H+H-1} of every gate block, reading only its own inputs), the head the members' heads each
 * scaled by 1/K. A frozen slot (pretrained vectors, which training never changes) is the same table in every member,
 * so it is kept once and every member reads it: a merged model with vectors is not K times their size.
 * A softmax head then gives the normalised geometric mean of the members' distributions (the softmax
 * of their mean logits), a regression head the mean of their outputs. Exact: the merged model's output is the
 * members' combined outputs up to float rounding, and a member's state is a slice of the merged state.
 *
 * <p>The block-diagonal matrices are stored dense. {@link KeyStepper} skips their zero blocks, so its step does K
 * times one member's work; {@link BatchStepper}'s gemm does not, and does K^2 times one member's recurrent work.
 */
public final class Ensemble {

    private Ensemble() {
    }

    /** The members as one model; they must share one spec (the same vocabulary sizes, cell, widths and head). */
    public static RecurrentModel merge(List<RecurrentModel> members) {
        ModelSpec.require(!members.isEmpty(), "an ensemble needs at least one member");
        ModelSpec spec = members.get(0).spec();
        for (RecurrentModel member : members) {
            ModelSpec.require(member.spec().equals(spec), "ensemble members must share one spec: " + spec + " and "
                    + member.spec());
        }
        ModelSpec.require(!spec.bidirectional(), "a bidirectional model cannot be merged: streams run causal models");
        requireSameFrozenTables(members);
        int count = members.size();
        int hidden = spec.hiddenSize();
        ModelSpec merged = spec(spec, count);
        List<RecurrentModel.Embedding> embeddings = new ArrayList<>();
        for (int slot = 0; slot < spec.input().slots().size(); slot++) {
            embeddings.add(sideBySide(members, slot));
        }
        List<LayerWeights> layers = new ArrayList<>();
        for (int layer = 0; layer < spec.layers(); layer++) {
            int[][] inputColumns = new int[count][];
            for (int member = 0; member < count; member++) {
                inputColumns[member] = layer == 0 ? firstLayerColumns(spec.input(), member, count)
                        : range(member * hidden, hidden);
            }
            layers.add(blockDiagonal(members, layer, inputColumns, merged.layerInputWidth(layer)));
        }
        return new RecurrentModel(merged, embeddings, layers, averagedHead(members));
    }

    /** The shape of {@code count} merged members of shape {@code member}. */
    public static ModelSpec spec(ModelSpec member, int count) {
        return new ModelSpec(widerInput(member.input(), count), member.cell(), count * member.hiddenSize(),
                member.layers(), member.dropout(), member.head());
    }

    private static ModelSpec.InputSpec widerInput(ModelSpec.InputSpec input, int count) {
        if (!input.isTokens()) {
            return input; // every member reads the same features
        }
        return ModelSpec.InputSpec.tokens(input.slots().stream().map(slot -> new ModelSpec.TokenSlot(slot.name(),
                slot.vocabularySize(), mergedWidth(slot, count), slot.frozen(), slot.unknownDropout())).toList());
    }

    private static int mergedWidth(ModelSpec.TokenSlot slot, int count) {
        return slot.frozen() ? slot.embeddingSize() : count * slot.embeddingSize();
    }

    private static void requireSameFrozenTables(List<RecurrentModel> members) {
        List<ModelSpec.TokenSlot> slots = members.get(0).spec().input().isTokens() ? members.get(0).spec().input().slots() : List.of();
        for (int slot = 0; slot < slots.size(); slot++) {
            if (!slots.get(slot).frozen()) {
                continue;
            }
            float[] first = members.get(0).embeddings().get(slot).table();
            for (RecurrentModel member : members) {
                ModelSpec.require(Arrays.equals(first, member.embeddings().get(slot).table()), "ensemble members must hold the same"
                        + " frozen slot '" + slots.get(slot).name() + "' (trained with the same --vectors)");
            }
        }
    }

    /** One slot's tables side by side: row v is member 0's row v, then member 1's, ...; a frozen slot's once. */
    private static RecurrentModel.Embedding sideBySide(List<RecurrentModel> members, int slot) {
        RecurrentModel.Embedding first = members.get(0).embeddings().get(slot);
        if (members.get(0).spec().input().slots().get(slot).frozen()) {
            return first;
        }
        int width = first.embeddingSize();
        int count = members.size();
        float[] table = new float[first.vocabularySize() * count * width];
        for (int member = 0; member < count; member++) {
            float[] own = members.get(member).embeddings().get(slot).table();
            for (int row = 0; row < first.vocabularySize(); row++) {
                System.arraycopy(own, row * width, table, (row * count + member) * width, width);
            }
        }
        return new RecurrentModel.Embedding(first.vocabularySize(), count * width, table);
    }

    /** Where each of a member's first-layer input columns sits in the merged input: its own part of every slot. */
    private static int[] firstLayerColumns(ModelSpec.InputSpec input, int member, int count) {
        if (!input.isTokens()) {
            return range(0, input.features());
        }
        int[] columns = new int[input.width()];
        int own = 0;
        int merged = 0;
        for (ModelSpec.TokenSlot slot : input.slots()) {
            int offset = slot.frozen() ? 0 : member * slot.embeddingSize();
            for (int column = 0; column < slot.embeddingSize(); column++) {
                columns[own++] = merged + offset + column;
            }
            merged += mergedWidth(slot, count);
        }
        return columns;
    }

    private static LayerWeights blockDiagonal(List<RecurrentModel> members, int layer, int[][] inputColumns,
                                              int mergedInputs) {
        CellType cell = members.get(0).spec().cell();
        int count = members.size();
        int hidden = members.get(0).spec().hiddenSize();
        int wide = count * hidden;
        float[][] wIh = new float[cell.gates() * wide][mergedInputs];
        float[][] wHh = new float[cell.gates() * wide][wide];
        float[] bIh = new float[cell.gates() * wide];
        float[] bHh = new float[cell.gates() * wide];
        for (int member = 0; member < count; member++) {
            LayerWeights.PyTorch own = members.get(member).layers().get(layer).toPyTorch();
            for (int gate = 0; gate < cell.gates(); gate++) {
                for (int unit = 0; unit < hidden; unit++) {
                    int row = gate * hidden + unit;
                    int mergedRow = gate * wide + member * hidden + unit;
                    for (int column = 0; column < inputColumns[member].length; column++) {
                        wIh[mergedRow][inputColumns[member][column]] = own.wIh()[row][column];
                    }
                    System.arraycopy(own.wHh()[row], 0, wHh[mergedRow], member * hidden, hidden);
                    bIh[mergedRow] = own.bIh()[row];
                    bHh[mergedRow] = own.bHh()[row];
                }
            }
        }
        return LayerWeights.fromPyTorch(cell, wIh, wHh, bIh, bHh);
    }

    private static RecurrentModel.Head averagedHead(List<RecurrentModel> members) {
        RecurrentModel.Head first = members.get(0).head();
        int count = members.size();
        int hidden = first.inputs();
        int outputs = first.outputs();
        float[] weights = new float[count * hidden * outputs];
        float[] bias = new float[outputs];
        for (int member = 0; member < count; member++) {
            RecurrentModel.Head own = members.get(member).head();
            for (int i = 0; i < hidden * outputs; i++) {
                weights[member * hidden * outputs + i] = own.weights()[i] / count;
            }
            for (int output = 0; output < outputs; output++) {
                bias[output] += own.bias()[output] / count;
            }
        }
        return new RecurrentModel.Head(first.kind(), count * hidden, outputs, weights, bias);
    }

    private static int[] range(int from, int length) {
        return IntStream.range(from, from + length).toArray();
    }
}

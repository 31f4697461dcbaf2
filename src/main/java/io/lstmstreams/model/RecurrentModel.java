package io.lstmstreams.model;

import java.util.List;

/**
 * Everything the step engines need from a trained network, free of DL4J: the embedding table of each token slot,
 * the recurrent layers and the head. Immutable; built by {@link Dl4jWeights#extract} or directly (golden tests).
 *
 * @param spec       the model's shape; every other component agrees with it
 * @param embeddings one per token slot, in slot order (empty for feature input)
 * @param layers     the recurrent stack, bottom first
 * @param head       the output layer
 */
public record RecurrentModel(ModelSpec spec, List<Embedding> embeddings, List<LayerWeights> layers, Head head) {

    public RecurrentModel {
        embeddings = List.copyOf(embeddings);
        layers = List.copyOf(layers);
        List<ModelSpec.TokenSlot> slots = spec.input().slots();
        ModelSpec.require(embeddings.size() == slots.size(),
                "need one embedding per token slot: " + slots.size() + ", got " + embeddings.size());
        for (int slot = 0; slot < slots.size(); slot++) {
            ModelSpec.TokenSlot expected = slots.get(slot);
            Embedding embedding = embeddings.get(slot);
            ModelSpec.require(embedding.vocabularySize() == expected.vocabularySize()
                            && embedding.embeddingSize() == expected.embeddingSize(),
                    "embedding " + slot + " does not match slot " + expected);
        }
        ModelSpec.require(layers.size() == spec.layers(), "need " + spec.layers() + " layers, got " + layers.size());
        for (int layer = 0; layer < layers.size(); layer++) {
            LayerWeights weights = layers.get(layer);
            ModelSpec.require(weights.cell() == spec.cell(), "layer " + layer + " is a " + weights.cell() + ", spec says " + spec.cell());
            ModelSpec.require(weights.inputSize() == spec.layerInputWidth(layer) && weights.hiddenSize() == spec.hiddenSize(),
                    "layer " + layer + " is " + weights.inputSize() + "->" + weights.hiddenSize() + ", spec says "
                            + spec.layerInputWidth(layer) + "->" + spec.hiddenSize());
        }
        ModelSpec.require(head.kind() == spec.head().kind() && head.outputs() == spec.head().outputs()
                        && head.inputs() == spec.hiddenSize(), "head does not match the spec's " + spec.head());
    }

    /**
     * A token slot's embedding table.
     *
     * @param table row-major {@code [vocabularySize][embeddingSize]}; not to be mutated
     */
    public record Embedding(int vocabularySize, int embeddingSize, float[] table) {

        public Embedding {
            table = table.clone();
            ModelSpec.require(table.length == vocabularySize * embeddingSize,
                    "table must have " + vocabularySize * embeddingSize + " values, got " + table.length);
        }
    }

    /**
     * The output layer: {@code activation(h W + b)}.
     *
     * @param weights row-major {@code [inputs][outputs]}; not to be mutated
     * @param bias    {@code [outputs]}; not to be mutated
     */
    public record Head(ModelSpec.HeadSpec.HeadKind kind, int inputs, int outputs, float[] weights, float[] bias) {

        public Head {
            weights = weights.clone();
            bias = bias.clone();
            ModelSpec.require(weights.length == inputs * outputs && bias.length == outputs,
                    "head weights must be [" + inputs + "][" + outputs + "] and bias [" + outputs + "]");
        }
    }
}

package io.lstmstreams.model;

import java.util.Objects;

/**
 * The shape of a recurrent model: what goes in, the recurrent stack, and what comes out.
 * Serialised as JSON inside model bundles, so every field is a plain value.
 *
 * @param input      token ids through an embedding, or numeric features
 * @param cell       the recurrent cell of every layer
 * @param hiddenSize units per recurrent layer (H)
 * @param layers     number of stacked recurrent layers
 * @param dropout    probability of dropping an input unit during training (0 disables it); no effect at inference
 * @param head       softmax over classes, or linear regression to several outputs
 */
public record ModelSpec(InputSpec input, CellType cell, int hiddenSize, int layers, double dropout, HeadSpec head) {

    public ModelSpec {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(head, "head");
        require(hiddenSize > 0, "hiddenSize must be positive, got " + hiddenSize);
        require(layers > 0, "layers must be positive, got " + layers);
        require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got " + dropout);
    }

    /** Width of the vector fed to the first recurrent layer. */
    public int inputWidth() {
        return input.width();
    }

    /** Width of the vector fed to recurrent layer {@code layer} (0-based). */
    public int layerInputWidth(int layer) {
        return layer == 0 ? inputWidth() : hiddenSize;
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** What the model reads at each step. */
    public record InputSpec(InputKind kind, int vocabularySize, int embeddingSize, int features) {

        public enum InputKind { TOKENS, FEATURES }

        public InputSpec {
            Objects.requireNonNull(kind, "kind");
            if (kind == InputKind.TOKENS) {
                require(vocabularySize > 0, "vocabularySize must be positive, got " + vocabularySize);
                require(embeddingSize > 0, "embeddingSize must be positive, got " + embeddingSize);
                require(features == 0, "features must be 0 for token input");
            } else {
                require(features > 0, "features must be positive, got " + features);
                require(vocabularySize == 0 && embeddingSize == 0, "vocabulary and embedding must be 0 for feature input");
            }
        }

        public static InputSpec tokens(int vocabularySize, int embeddingSize) {
            return new InputSpec(InputKind.TOKENS, vocabularySize, embeddingSize, 0);
        }

        public static InputSpec features(int features) {
            return new InputSpec(InputKind.FEATURES, 0, 0, features);
        }

        public int width() {
            return kind == InputKind.TOKENS ? embeddingSize : features;
        }
    }

    /** What the model emits at each step. */
    public record HeadSpec(HeadKind kind, int outputs) {

        public enum HeadKind { SOFTMAX, REGRESSION }

        public HeadSpec {
            Objects.requireNonNull(kind, "kind");
            require(outputs > 0, "outputs must be positive, got " + outputs);
        }

        public static HeadSpec softmax(int classes) {
            return new HeadSpec(HeadKind.SOFTMAX, classes);
        }

        public static HeadSpec regression(int outputs) {
            return new HeadSpec(HeadKind.REGRESSION, outputs);
        }
    }
}

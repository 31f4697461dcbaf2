package io.lstmstreams.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
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
 * @param bidirectional every layer also reads the sequence backwards (PyTorch's {@code bidirectional=True}: the
 *                   output at step t is the forward h_t beside the backward h_t, which has read steps T..t), so a
 *                   step's output needs the steps after it: for whole windows (offline evaluation), never a stream
 */
public record ModelSpec(InputSpec input, CellType cell, int hiddenSize, int layers, double dropout, HeadSpec head,
                        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean bidirectional) {

    public ModelSpec {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(head, "head");
        require(hiddenSize > 0, "hiddenSize must be positive, got " + hiddenSize);
        require(layers > 0, "layers must be positive, got " + layers);
        require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got " + dropout);
    }

    /** A causal (forward only) model, the kind every stream runs. */
    public ModelSpec(InputSpec input, CellType cell, int hiddenSize, int layers, double dropout, HeadSpec head) {
        this(input, cell, hiddenSize, layers, dropout, head, false);
    }

    /** Width of a recurrent layer's output: H, or 2H with the backward direction beside the forward one. */
    public int outputWidth() {
        return bidirectional ? 2 * hiddenSize : hiddenSize;
    }

    /** Width of the vector fed to the first recurrent layer. */
    public int inputWidth() {
        return input.width();
    }

    /** Width of the vector fed to recurrent layer {@code layer} (0-based). */
    public int layerInputWidth(int layer) {
        return layer == 0 ? inputWidth() : outputWidth();
    }

    public static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * What the model reads at each step: one or more token slots (each an id looked up in its own embedding;
     * the embeddings are concatenated, so a word can bring its hashed prefixes and suffixes along), or a
     * vector of numeric features.
     */
    public record InputSpec(InputKind kind, List<TokenSlot> slots, int features) {

        public enum InputKind { TOKENS, FEATURES }

        public InputSpec {
            Objects.requireNonNull(kind, "kind");
            slots = List.copyOf(slots);
            if (kind == InputKind.TOKENS) {
                require(!slots.isEmpty(), "token input needs at least one slot");
                require(features == 0, "features must be 0 for token input");
                require(slots.stream().map(TokenSlot::name).distinct().count() == slots.size(),
                        "slot names must be distinct, got " + slots);
            } else {
                require(features > 0, "features must be positive, got " + features);
                require(slots.isEmpty(), "feature input has no token slots");
            }
        }

        /** One token slot: the common case of a single vocabulary. */
        public static InputSpec tokens(int vocabularySize, int embeddingSize) {
            return tokens(List.of(new TokenSlot("token", vocabularySize, embeddingSize)));
        }

        public static InputSpec tokens(List<TokenSlot> slots) {
            return new InputSpec(InputKind.TOKENS, slots, 0);
        }

        public static InputSpec features(int features) {
            return new InputSpec(InputKind.FEATURES, List.of(), features);
        }

        @JsonIgnore // derived from kind; Jackson would otherwise write it as a property no constructor accepts
        public boolean isTokens() {
            return kind == InputKind.TOKENS;
        }

        /** Width of the vector the first recurrent layer reads. */
        public int width() {
            return isTokens() ? slots.stream().mapToInt(TokenSlot::embeddingSize).sum() : features;
        }
    }

    /**
     * A token slot: ids in {@code [0, vocabularySize)} looked up in an embedding of {@code embeddingSize}.
     *
     * @param frozen         the embedding keeps the values it was given (pretrained word vectors): training leaves it
     *                       alone, so words training never saw keep vectors that agree with the words it did see
     * @param unknownDropout in training only, the share of this slot's ids above {@link #UNKNOWN_ID} replaced by it,
     *                       drawn anew each epoch, so the model learns to tag from the other slots when a word is new
     */
    public record TokenSlot(String name, int vocabularySize, int embeddingSize, boolean frozen, double unknownDropout) {

        /** The id a vocabulary slot gives what it does not know (0 is the pad). */
        public static final int UNKNOWN_ID = 1;

        public TokenSlot {
            Objects.requireNonNull(name, "name");
            require(name.matches("[a-z][a-z0-9_]*"), "slot name must be lower-case letters, digits, _: " + name);
            require(vocabularySize > 0, "vocabularySize must be positive, got " + vocabularySize);
            require(embeddingSize > 0, "embeddingSize must be positive, got " + embeddingSize);
            require(unknownDropout >= 0 && unknownDropout < 1, "unknownDropout must be in [0, 1), got " + unknownDropout);
        }

        /** A trained embedding. */
        public TokenSlot(String name, int vocabularySize, int embeddingSize) {
            this(name, vocabularySize, embeddingSize, false, 0);
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

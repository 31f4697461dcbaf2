package io.lstmstreams.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Everything a consumer of a model needs besides its weights: what it was trained for, how to encode input
 * and decode output, and where it came from. Stored as JSON inside a {@link ModelBundle}.
 *
 * @param task            what the model does ("pos", "logkeys", "forecast", ...)
 * @param modelVersion    version of this model within its task
 * @param parentVersion   the version it was warm-started from, or null when trained from scratch
 * @param spec            the network's shape; a bundle whose network does not match it is rejected
 * @param vocabularies    per token slot, the token of each id (index = id); empty for numeric input
 * @param tags            class labels of a softmax head (index = class); empty for regression
 * @param normalisation   how numeric features were standardised, or null
 * @param trainingMetrics final metrics of the training run (validation loss, accuracy, ...)
 * @param createdAt       when the model was bundled
 * @param properties      task-specific settings that don't deserve a field (e.g. look-ahead)
 */
public record BundleMetadata(
        String task,
        long modelVersion,
        Long parentVersion,
        ModelSpec spec,
        Map<String, List<String>> vocabularies,
        List<String> tags,
        Normalisation normalisation,
        Map<String, Double> trainingMetrics,
        // jackson-datatype-jsr310 is not a dependency; ISO-8601 text is all an Instant needs.
        @JsonSerialize(using = ToStringSerializer.class) @JsonDeserialize(using = InstantFromText.class)
        Instant createdAt,
        Map<String, String> properties) {

    public BundleMetadata {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(createdAt, "createdAt");
        vocabularies = vocabularies == null ? Map.of() : vocabularies.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> List.copyOf(entry.getValue())));
        tags = tags == null ? List.of() : List.copyOf(tags);
        trainingMetrics = trainingMetrics == null ? Map.of() : Map.copyOf(trainingMetrics);
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /** Metadata of a model trained from scratch, created now, with no vocabularies, tags or normalisation yet. */
    public static BundleMetadata of(String task, long modelVersion, ModelSpec spec) {
        return new BundleMetadata(task, modelVersion, null, spec, Map.of(), List.of(), null, Map.of(), Instant.now(),
                Map.of());
    }

    /** Metadata of the next version, warm-started from this one: same spec and encodings, fresh metrics. */
    public BundleMetadata successor(Instant createdAt) {
        return new BundleMetadata(task, modelVersion + 1, modelVersion, spec, vocabularies, tags, normalisation,
                Map.of(), createdAt, properties);
    }

    /** Per-feature standardisation, {@code (x - mean) / std}. */
    public record Normalisation(double[] mean, double[] std) {

        public Normalisation {
            mean = mean.clone();
            std = std.clone();
            if (mean.length != std.length) {
                throw new IllegalArgumentException("mean has " + mean.length + " values but std has " + std.length);
            }
            for (double s : std) {
                if (!(s > 0)) {
                    throw new IllegalArgumentException("std must be positive, got " + Arrays.toString(std));
                }
            }
        }

        @Override
        public double[] mean() {
            return mean.clone();
        }

        @Override
        public double[] std() {
            return std.clone();
        }

        // Arrays in a record compare by identity; metadata equality must compare the values.
        @Override
        public boolean equals(Object other) {
            return other instanceof Normalisation that && Arrays.equals(mean, that.mean) && Arrays.equals(std, that.std);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
        }

        @Override
        public String toString() {
            return "Normalisation[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
        }
    }

    static final class InstantFromText extends StdDeserializer<Instant> {

        InstantFromText() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return Instant.parse(parser.getValueAsString());
        }
    }
}

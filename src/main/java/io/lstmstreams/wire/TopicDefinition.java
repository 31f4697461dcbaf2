package io.lstmstreams.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.storage.internals.log.LogConfig;

/**
 * One topic as the project needs it: the content of one {@code topics/*.json} file.
 *
 * @param configs topic-level configs to enforce; configs not listed are left at the broker's defaults
 */
public record TopicDefinition(String name, int partitions, int replicationFactor, Map<String, String> configs,
                              String description) {

    private static final List<String> FIELDS = List.of("name", "partitions", "replicationFactor", "configs", "description");

    public TopicDefinition {
        configs = Map.copyOf(configs == null ? Map.of() : configs);
        description = description == null ? "" : description;
        List<String> problems = problems(name, partitions, replicationFactor, configs);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /**
     * Parses one definition file.
     *
     * @param source where the text came from, named in every error message
     * @throws TopicDefinitionException when the text is not JSON, misses a field, or defines an invalid topic
     */
    public static TopicDefinition parse(String json, String source) {
        try {
            return fromTree(Json.MAPPER.readTree(json), source);
        } catch (JsonProcessingException e) {
            throw new TopicDefinitionException(source + ": not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Reads a definition from the classpath, e.g. {@code topics/tokens.json}. */
    public static TopicDefinition fromClasspath(String resource) {
        try (InputStream in = TopicDefinition.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new TopicDefinitionException(resource + ": not found on the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
        } catch (IOException e) {
            throw new TopicDefinitionException(resource + ": cannot be read: " + e.getMessage());
        }
    }

    private static TopicDefinition fromTree(JsonNode root, String source) {
        if (root == null || !root.isObject()) {
            throw new TopicDefinitionException(source + ": expected a JSON object");
        }
        List<String> unknown = new ArrayList<>();
        root.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                unknown.add(field);
            }
        });
        if (!unknown.isEmpty()) {
            throw new TopicDefinitionException(source + ": unknown field(s) " + unknown);
        }
        try {
            return new TopicDefinition(
                    requiredText(root, "name"),
                    requiredInt(root, "partitions"),
                    requiredInt(root, "replicationFactor"),
                    configs(root.get("configs")),
                    root.path("description").asText(""));
        } catch (IllegalArgumentException e) {
            throw new TopicDefinitionException(source + ": " + e.getMessage());
        }
    }

    private static String requiredText(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' must be a string");
        }
        return node.asText();
    }

    private static int requiredInt(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || !node.isInt()) {
            throw new IllegalArgumentException("'" + field + "' must be an integer");
        }
        return node.asInt();
    }

    /** Config values may be written as strings, numbers or booleans; Kafka takes them all as strings. */
    private static Map<String, String> configs(JsonNode node) {
        Map<String, String> configs = new TreeMap<>();
        if (node == null) {
            return configs;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("'configs' must be an object of config name to value");
        }
        node.fields().forEachRemaining(entry -> {
            if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
                throw new IllegalArgumentException("config '" + entry.getKey() + "' must be a string, number or boolean");
            }
            configs.put(entry.getKey(), entry.getValue().asText());
        });
        return configs;
    }

    private static List<String> problems(String name, int partitions, int replicationFactor, Map<String, String> configs) {
        List<String> problems = new ArrayList<>();
        try {
            Topic.validate(name);
        } catch (RuntimeException e) {
            problems.add("invalid topic name '" + name + "': " + e.getMessage());
        }
        if (partitions < 1) {
            problems.add("'partitions' must be at least 1, was " + partitions);
        }
        if (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE) {
            problems.add("'replicationFactor' must be between 1 and " + Short.MAX_VALUE + ", was " + replicationFactor);
        }
        // Catches typos such as "retention.msx" here rather than as a broker error at create time.
        configs.keySet().stream()
                .filter(key -> !LogConfig.configNames().contains(key))
                .sorted()
                .forEach(key -> problems.add("unknown topic config '" + key + "'"));
        return problems;
    }
}

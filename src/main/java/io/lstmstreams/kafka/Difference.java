package io.lstmstreams.kafka;

import io.lstmstreams.wire.TopicDefinition;

/**
 * One way a topic on the broker differs from its definition.
 *
 * @param config the config name for {@link Kind#CONFIG}, else null
 */
public record Difference(String topic, Kind kind, String config, String expected, String actual) {

    public enum Kind { MISSING, PARTITIONS, REPLICATION_FACTOR, CONFIG }

    static Difference missing(TopicDefinition definition) {
        return new Difference(definition.name(), Kind.MISSING, null,
                definition.partitions() + " partitions, replication factor " + definition.replicationFactor(), null);
    }

    static Difference partitions(String topic, int expected, int actual) {
        return new Difference(topic, Kind.PARTITIONS, null, String.valueOf(expected), String.valueOf(actual));
    }

    static Difference replicationFactor(String topic, int expected, int actual) {
        return new Difference(topic, Kind.REPLICATION_FACTOR, null, String.valueOf(expected), String.valueOf(actual));
    }

    /** @param actual null when the broker reports no value */
    static Difference config(String topic, String config, String expected, String actual) {
        return new Difference(topic, Kind.CONFIG, config, expected, actual == null ? "(not set)" : actual);
    }

    /** Kafka can add partitions but never remove them, and this tool does not reassign replicas. */
    boolean fixable() {
        return switch (kind) {
            case MISSING, CONFIG -> true;
            case PARTITIONS -> Integer.parseInt(expected) > Integer.parseInt(actual);
            case REPLICATION_FACTOR -> false;
        };
    }

    /** The difference as found, e.g. {@code lstm.tokens: partitions expected 6, actual 3}. */
    public String render() {
        return switch (kind) {
            case MISSING -> topic + ": missing (expected " + expected + ")";
            case PARTITIONS -> topic + ": partitions expected " + expected + ", actual " + actual;
            case REPLICATION_FACTOR -> topic + ": replication factor expected " + expected + ", actual " + actual;
            case CONFIG -> topic + ": config " + config + " expected " + expected + ", actual " + actual;
        };
    }

    /** The difference once fixed, e.g. {@code lstm.tokens: partitions increased from 3 to 6}. */
    String renderFixed() {
        return switch (kind) {
            case MISSING -> topic + ": created with " + expected;
            case PARTITIONS -> topic + ": partitions increased from " + actual + " to " + expected;
            case CONFIG -> topic + ": config " + config + " set to " + expected + " (was " + actual + ")";
            case REPLICATION_FACTOR -> throw new IllegalStateException("replication factor is never changed");
        };
    }
}

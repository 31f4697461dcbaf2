package io.lstmstreams.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.lstmstreams.wire.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;

/**
 * Outputs per (record key, position in the key's sequence or series), the way Kafka's EosTestDriver verifies an
 * exactly-once run: every output of the reference comes exactly once, with the same value, and nothing else comes.
 */
public final class PositionedOutputs {

    private static final int EXAMPLES = 5;

    private PositionedOutputs() {
    }

    /** @throws AssertionError naming how many outputs are missing, repeated, changed or unexpected, with examples */
    public static void assertSame(String topic, List<KeyValue<String, byte[]>> expected, List<KeyValue<String, byte[]>> actual) {
        assertSame(topic, expected, actual, 0);
    }

    /**
     * As above, but a fractional number (a probability, a forecast) may differ by up to {@code tolerance}: outputs of
     * another step engine, whose float32 sums round in another order. Everything else must be equal.
     */
    public static void assertSame(String topic, List<KeyValue<String, byte[]>> expected, List<KeyValue<String, byte[]>> actual,
                                  double tolerance) {
        Map<String, List<String>> wanted = byPosition(expected);
        Map<String, List<String>> got = byPosition(actual);
        List<String> missing = new ArrayList<>();
        List<String> repeated = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        wanted.forEach((position, values) -> {
            List<String> found = got.getOrDefault(position, List.of());
            if (found.isEmpty()) {
                missing.add(position);
            } else if (found.size() > 1) {
                repeated.add(position + " x" + found.size());
            } else if (!same(values.get(0), found.get(0), tolerance)) {
                changed.add(position + ": " + values.get(0) + " became " + found.get(0));
            }
        });
        List<String> unexpected = got.keySet().stream().filter(position -> !wanted.containsKey(position)).toList();
        if (wanted.values().stream().anyMatch(values -> values.size() > 1)) {
            throw new AssertionError(topic + ": the reference itself has two outputs at one (key, position)");
        }
        if (!missing.isEmpty() || !repeated.isEmpty() || !changed.isEmpty() || !unexpected.isEmpty()) {
            throw new AssertionError(String.format("%s: of %d expected outputs %d missing %s, %d repeated %s, %d changed %s;"
                            + " %d unexpected %s", topic, wanted.size(), missing.size(), examples(missing), repeated.size(),
                    examples(repeated), changed.size(), examples(changed), unexpected.size(), examples(unexpected)));
        }
    }

    private static Map<String, List<String>> byPosition(List<KeyValue<String, byte[]>> records) {
        Map<String, List<String>> indexed = new TreeMap<>();
        for (KeyValue<String, byte[]> record : records) {
            indexed.computeIfAbsent(record.key + "@" + position(record.value), position -> new ArrayList<>())
                    .add(new String(record.value, StandardCharsets.UTF_8));
        }
        return indexed;
    }

    private static boolean same(String expected, String actual, double tolerance) {
        if (expected.equals(actual)) {
            return true;
        }
        try {
            return tolerance > 0 && close(Json.MAPPER.readTree(expected), Json.MAPPER.readTree(actual), tolerance);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean close(JsonNode expected, JsonNode actual, double tolerance) {
        if (expected.isFloatingPointNumber() && actual.isNumber()) {
            return Math.abs(expected.doubleValue() - actual.doubleValue()) <= tolerance;
        }
        if (expected.isContainerNode() && actual.isContainerNode() && expected.size() == actual.size()) {
            Iterator<String> names = expected.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!actual.has(name) || !close(expected.get(name), actual.get(name), tolerance)) {
                    return false;
                }
            }
            for (int i = 0; expected.isArray() && i < expected.size(); i++) {
                if (!close(expected.get(i), actual.get(i), tolerance)) {
                    return false;
                }
            }
            return true;
        }
        return expected.equals(actual);
    }

    /**
     * A tag's or verdict's {@code position} in its sequence; a forecast's window end, and for a score or realized
     * value also its {@code step}.
     */
    private static String position(byte[] value) {
        try {
            JsonNode output = Json.MAPPER.readTree(value);
            if (output.has("position")) {
                return output.get("position").asText();
            }
            return output.path("windowEnd").asText("?") + (output.has("step") ? "/" + output.get("step").asText() : "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> examples(List<String> all) {
        return all.subList(0, Math.min(EXAMPLES, all.size()));
    }
}

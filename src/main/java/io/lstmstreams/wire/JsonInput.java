package io.lstmstreams.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * The first checks of every input record: a key of bounded length, a JSON object of a format version this build
 * reads, fields of the right kind. Reasons quote at most {@link #MAX_QUOTED_CHARS} characters of the input: a
 * reason that grew with its input made a dead letter too large to send.
 */
public final class JsonInput {

    /** Longer keys are refused: a key goes into every output, state and changelog record of its sequence. */
    public static final int MAX_KEY_LENGTH = 1000;
    /** How much of a bad field a reason quotes. */
    public static final int MAX_QUOTED_CHARS = 64;

    private JsonInput() {
    }

    /**
     * @param meaning completes "the key is ...", e.g. {@code the sequence id}
     * @throws InvalidRecordException the key is missing, empty or longer than {@link #MAX_KEY_LENGTH}
     */
    public static String key(String key, String meaning) {
        if (key == null) {
            throw new InvalidRecordException("record has no key: the key is " + meaning);
        }
        if (key.isEmpty()) {
            throw new InvalidRecordException("record has an empty key: the key is " + meaning);
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new InvalidRecordException("key of " + key.length() + " characters exceeds the limit of " + MAX_KEY_LENGTH);
        }
        return key;
    }

    /**
     * @param formatVersion the version this build reads; a value without {@code "v"} is taken to be of it
     * @throws InvalidRecordException with the reason it is not
     */
    public static JsonNode object(byte[] value, int formatVersion) {
        if (value == null || value.length == 0) {
            throw new InvalidRecordException("empty value");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(value);
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException("value is not JSON: " + truncated(e.getOriginalMessage(), 4 * MAX_QUOTED_CHARS));
        } catch (IOException e) {
            // Nothing is read from a device here: e.g. a CharConversionException for bytes that look like UTF-32.
            throw new InvalidRecordException("value is not JSON: " + truncated(String.valueOf(e.getMessage()), 4 * MAX_QUOTED_CHARS));
        }
        if (node == null || !node.isObject()) {
            throw new InvalidRecordException("value is not a JSON object");
        }
        JsonNode version = node.get("v");
        if (version != null && !(version.isInt() && version.intValue() == formatVersion)) {
            throw new InvalidRecordException("unsupported format version " + quote(version) + " (this version reads " + formatVersion + ")");
        }
        return node;
    }

    /**
     * A time in epoch milliseconds: a whole number from 0 that fits in a long (a larger one would wrap around).
     *
     * @throws InvalidRecordException naming {@code field}
     */
    public static long epochMillis(JsonNode time, String field) {
        if (!time.isNumber() || !time.canConvertToExactIntegral() || !time.canConvertToLong() || time.longValue() < 0) {
            throw new InvalidRecordException("field '" + field + "' must be epoch milliseconds, got " + quote(time));
        }
        return time.longValue();
    }

    /** Reads one field of a streamed object, the parser at its value; false when the value is not of the expected kind. */
    @FunctionalInterface
    public interface FieldReader {
        boolean read(String field, JsonToken kind, JsonParser parser) throws IOException;
    }

    /**
     * The fast path of a record's parse, with no JSON tree: streams the fields of the object {@code value} holds to
     * {@code reader}, the version field {@code v} checked here. False when the value is not one object, the version
     * is not {@code formatVersion} or the reader refuses a field; the caller then explains why through the tree.
     * A reader skips the fields it does not know ({@code parser.skipChildren()}).
     */
    public static boolean readFields(byte[] value, int formatVersion, FieldReader reader) {
        if (value == null || value.length == 0) {
            return false;
        }
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
                JsonToken kind = parser.nextToken();
                if (!(field.equals("v") ? isVersion(parser, kind, formatVersion) : reader.read(field, kind, parser))) {
                    return false;
                }
            }
            return parser.currentToken() == JsonToken.END_OBJECT;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the value the parser is at ({@code kind}) is the whole number {@code formatVersion}. */
    private static boolean isVersion(JsonParser parser, JsonToken kind, int formatVersion) throws IOException {
        return kind == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT
                && parser.getIntValue() == formatVersion;
    }

    /** The epoch milliseconds the parser is at ({@code kind}), or -1 when it is not a whole number from 0 in a long. */
    public static long epochMillis(JsonParser parser, JsonToken kind) throws IOException {
        return kind == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                && parser.getLongValue() >= 0 ? parser.getLongValue() : -1;
    }

    /** A field as JSON, cut to {@link #MAX_QUOTED_CHARS} characters with its full length said. */
    public static String quote(JsonNode node) {
        return truncated(node.toString(), MAX_QUOTED_CHARS);
    }

    private static String truncated(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "... (" + text.length() + " characters)";
    }
}

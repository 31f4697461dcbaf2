package io.lstmstreams.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The first checks of every JSON input record: a JSON object, of a format version this build reads. */
public final class JsonInput {

    private JsonInput() {
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
            throw new InvalidRecordException("value is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (node == null || !node.isObject()) {
            throw new InvalidRecordException("value is not a JSON object");
        }
        JsonNode version = node.get("v");
        if (version != null && !(version.isInt() && version.intValue() == formatVersion)) {
            throw new InvalidRecordException("unsupported format version " + version + " (this version reads " + formatVersion + ")");
        }
        return node;
    }
}

package io.lstmstreams.wire;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The one JSON configuration of the project: every record on a topic, bundle metadata, registry pointers and the
 * demo's API are written and read through it. Unknown fields are ignored, so a reader keeps up with a writer that
 * added a field within the same format version.
 */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Json() {
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise " + value, e);
        }
    }

    public static <T> T read(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("not a " + type.getSimpleName() + ": "
                    + new String(json, 0, Math.min(json.length, 200), StandardCharsets.UTF_8), e);
        }
    }

    /** A serde of records written by this project: JSON both ways. */
    public static <T> Serde<T> serde(Class<T> type) {
        return Serdes.serdeFrom((topic, value) -> value == null ? null : write(value),
                (topic, bytes) -> bytes == null ? null : read(bytes, type));
    }
}

package io.lstmstreams.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * One event of a sequence, the value of a record on the tokens or events topic (key: the sequence id).
 * Wire format, version 1: {@code {"v":1,"token":"dog","tag":"NOUN","end":false,"time":1700000000000}};
 * only {@code token} is required. For log sessions the token is the log key ({@code "5"}).
 *
 * @param token the word or log key
 * @param tag   the gold tag when known (for online accuracy and retraining), else null
 * @param end   true on the last event of the sequence: its state is then dropped
 * @param time  event time in epoch milliseconds, or null (the record timestamp is used)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenEvent(int v, String token, String tag, boolean end, Long time) {

    public static final int FORMAT_VERSION = 1;

    public static TokenEvent of(String token, String tag, boolean end) {
        return new TokenEvent(FORMAT_VERSION, token, tag, end, null);
    }

    /**
     * Parses and validates a record value; every way it can be wrong gets its own reason.
     *
     * @param maxTokenLength the longest token, and tag, accepted: both go into outputs and state
     */
    public static TokenEvent parse(byte[] value, int maxTokenLength) {
        TokenEvent event = parseWellFormed(value);
        return checked(event != null ? event : parseTree(value), maxTokenLength);
    }

    /**
     * The event of a value whose fields all have the expected kinds, read field by field with Jackson's streaming
     * parser (no JSON tree: this is once per event); null for anything else, which {@link #parseTree} then explains.
     */
    private static TokenEvent parseWellFormed(byte[] value) {
        Fields fields = new Fields();
        return JsonInput.readFields(value, FORMAT_VERSION, fields) && fields.token != null
                ? new TokenEvent(FORMAT_VERSION, fields.token, fields.tag, fields.end, fields.time) : null;
    }

    /** The fields of one event as they stream by. */
    private static final class Fields implements JsonInput.FieldReader {
        String token;
        String tag;
        boolean end;
        Long time;

        @Override
        public boolean read(String field, JsonToken kind, JsonParser parser) throws IOException {
            switch (field) {
                case "token" -> {
                    token = kind == JsonToken.VALUE_STRING ? parser.getText() : null;
                    return token != null;
                }
                case "tag" -> {
                    tag = kind == JsonToken.VALUE_STRING ? parser.getText() : null;
                    return tag != null || kind == JsonToken.VALUE_NULL;
                }
                case "end" -> {
                    end = kind == JsonToken.VALUE_TRUE;
                    return kind == JsonToken.VALUE_TRUE || kind == JsonToken.VALUE_FALSE || kind == JsonToken.VALUE_NULL;
                }
                case "time" -> {
                    long millis = kind == JsonToken.VALUE_NULL ? 0 : JsonInput.epochMillis(parser, kind);
                    time = kind == JsonToken.VALUE_NULL ? null : millis;
                    return millis >= 0;
                }
                default -> {
                    parser.skipChildren();
                    return true;
                }
            }
        }
    }

    /** Through a JSON tree, with a reason for whatever is wrong: the slow path, for values that are not well formed. */
    private static TokenEvent parseTree(byte[] value) {
        JsonNode node = JsonInput.object(value, FORMAT_VERSION);
        JsonNode token = node.get("token");
        if (token == null || token.isNull()) {
            throw new InvalidRecordException("missing field 'token'");
        }
        if (!token.isTextual()) {
            throw new InvalidRecordException("field 'token' must be a string, got " + token.getNodeType());
        }
        JsonNode tag = node.get("tag");
        if (tag != null && !tag.isNull() && !tag.isTextual()) {
            throw new InvalidRecordException("field 'tag' must be a string, got " + tag.getNodeType());
        }
        JsonNode end = node.get("end");
        if (end != null && !end.isNull() && !end.isBoolean()) {
            throw new InvalidRecordException("field 'end' must be true or false, got " + end.getNodeType());
        }
        JsonNode time = node.get("time");
        return new TokenEvent(FORMAT_VERSION, token.textValue(),
                tag == null || tag.isNull() ? null : tag.textValue(),
                end != null && end.booleanValue(),
                time == null || time.isNull() ? null : JsonInput.epochMillis(time, "time"));
    }

    private static TokenEvent checked(TokenEvent event, int maxTokenLength) {
        if (event.token().isEmpty()) {
            throw new InvalidRecordException("field 'token' is empty");
        }
        if (event.token().length() > maxTokenLength) {
            throw new InvalidRecordException("token of " + event.token().length() + " characters exceeds the limit of " + maxTokenLength);
        }
        if (event.tag() != null && event.tag().length() > maxTokenLength) {
            throw new InvalidRecordException("tag of " + event.tag().length() + " characters exceeds the limit of " + maxTokenLength);
        }
        return event;
    }

    public byte[] toJson() {
        return Json.write(this);
    }
}

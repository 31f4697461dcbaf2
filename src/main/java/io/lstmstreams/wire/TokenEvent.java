package io.lstmstreams.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

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
        JsonNode node = JsonInput.object(value, FORMAT_VERSION);
        JsonNode token = node.get("token");
        if (token == null || token.isNull()) {
            throw new InvalidRecordException("missing field 'token'");
        }
        if (!token.isTextual()) {
            throw new InvalidRecordException("field 'token' must be a string, got " + token.getNodeType());
        }
        String text = token.textValue();
        if (text.isEmpty()) {
            throw new InvalidRecordException("field 'token' is empty");
        }
        if (text.length() > maxTokenLength) {
            throw new InvalidRecordException("token of " + text.length() + " characters exceeds the limit of " + maxTokenLength);
        }
        JsonNode tag = node.get("tag");
        if (tag != null && !tag.isNull() && !tag.isTextual()) {
            throw new InvalidRecordException("field 'tag' must be a string, got " + tag.getNodeType());
        }
        if (tag != null && tag.isTextual() && tag.textValue().length() > maxTokenLength) {
            throw new InvalidRecordException("tag of " + tag.textValue().length() + " characters exceeds the limit of " + maxTokenLength);
        }
        JsonNode end = node.get("end");
        if (end != null && !end.isNull() && !end.isBoolean()) {
            throw new InvalidRecordException("field 'end' must be true or false, got " + end.getNodeType());
        }
        JsonNode time = node.get("time");
        return new TokenEvent(FORMAT_VERSION, text,
                tag == null || tag.isNull() ? null : tag.textValue(),
                end != null && end.booleanValue(),
                time == null || time.isNull() ? null : JsonInput.epochMillis(time, "time"));
    }

    public byte[] toJson() {
        return Json.write(this);
    }
}

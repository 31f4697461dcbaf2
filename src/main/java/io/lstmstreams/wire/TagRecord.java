package io.lstmstreams.wire;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The tag of one token, the value of a record on the tags topic (key: the sequence id).
 * Wire format, version 1: {@code {"v":1,"sequence":"s-1","position":3,"token":"dog","tag":"NOUN",
 * "probability":0.97,"gold":"NOUN","modelVersion":1}}. {@code position} counts the sequence's tokens from 0,
 * so a replay can be matched output to input; {@code gold} is the input's gold tag, when it had one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TagRecord(int v, String sequence, int position, String token, String tag, double probability,
                        String gold, long modelVersion) {

    public static final int FORMAT_VERSION = 1;

    public byte[] toJson() {
        return Json.write(this);
    }

    public static TagRecord fromJson(byte[] json) {
        return Json.read(json, TagRecord.class);
    }
}

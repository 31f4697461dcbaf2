package io.lstmstreams.wire;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A gold label of one event, the value of a record on the labels topic (key: the sequence id). The tagging
 * pipelines publish one for every input event that carries a gold tag, in the same transaction as its outputs;
 * any other source of ground truth may publish them too. Wire format, version 1:
 * {@code {"v":1,"task":"pos","sequence":"s-1","position":3,"token":"dog","tag":"NOUN","end":false,"time":1700000000000}}.
 *
 * @param end  true on the sequence's last event: a retrainer has the whole sequence once it has seen this one
 * @param time when the event happened (the input record's timestamp), epoch milliseconds
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LabelRecord(int v, String task, String sequence, int position, String token, String tag, boolean end,
                          long time) {

    public static final int FORMAT_VERSION = 1;

    public byte[] toJson() {
        return Json.write(this);
    }

    public static LabelRecord fromJson(byte[] json) {
        return Json.read(json, LabelRecord.class);
    }
}

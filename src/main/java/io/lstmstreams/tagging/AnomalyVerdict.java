package io.lstmstreams.tagging;

/**
 * The verdict on one log event, the value of a record on the anomalies topic (key: the session id).
 * Wire format, version 1: {@code {"v":1,"session":"s-7","position":4,"event":"11","rank":2,
 * "anomalous":false,"sessionAnomalous":false,"modelVersion":1}}. {@code rank} is where the actual event stood
 * among the model's predictions (1 = most likely); an event is anomalous when its rank is above the top-g
 * cut-off. On the session's last event, {@code endRank} is the rank of "session ends here" (else 0), and an
 * end the model did not expect is anomalous too. A session is anomalous from its first anomalous event on.
 */
public record AnomalyVerdict(int v, String session, int position, String event, int rank, int endRank,
                             boolean anomalous, boolean sessionAnomalous, long modelVersion) {

    public static final int FORMAT_VERSION = 1;

    public byte[] toJson() {
        return Wire.write(this);
    }

    public static AnomalyVerdict fromJson(byte[] json) {
        return Wire.read(json, AnomalyVerdict.class);
    }
}

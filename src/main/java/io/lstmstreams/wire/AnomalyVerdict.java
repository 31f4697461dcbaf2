package io.lstmstreams.wire;

/**
 * The verdict on one log event, the value of a record on the anomalies topic (key: the session id).
 * Wire format, version 2: {@code {"v":2,"session":"s-7","position":4,"event":"11","rank":2,
 * "endProbability":null,"anomalous":false,"sessionAnomalous":false,"modelVersion":1}}. {@code rank} is where the
 * actual event stood among the model's predictions (1 = most likely); an event is anomalous when its rank is
 * above the top-g cut-off. On the session's last event only, {@code endProbability} is the probability the
 * model gave "the session ends here", and an end it did not expect is anomalous too (version 1 had an
 * {@code endRank} instead). A session is anomalous from its first anomalous event on.
 */
public record AnomalyVerdict(int v, String session, int position, String event, int rank, Double endProbability,
                             boolean anomalous, boolean sessionAnomalous, long modelVersion) {

    public static final int FORMAT_VERSION = 2;

    /** Whether this is the verdict on the session's last event. */
    public boolean endsSession() {
        return endProbability != null;
    }

    public byte[] toJson() {
        return Json.write(this);
    }

    public static AnomalyVerdict fromJson(byte[] json) {
        return Json.read(json, AnomalyVerdict.class);
    }
}

package io.lstmstreams.logkeys;

import io.lstmstreams.tagging.OfflineRun;
import io.lstmstreams.wire.AnomalyVerdict;
import io.lstmstreams.wire.TokenEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Session-level detection quality, DeepLog's way: a session is flagged when any of its events is; flagged
 * abnormal sessions are true positives, flagged normal ones false positives. Sessions are not deduplicated.
 */
final class LogKeyEvaluation {

    private LogKeyEvaluation() {
    }

    /** The events of a session as they are replayed: one per log key, the last one ending it. */
    public static List<TokenEvent> events(int[] session) {
        List<TokenEvent> events = new ArrayList<>(session.length);
        for (int i = 0; i < session.length; i++) {
            events.add(TokenEvent.of(Integer.toString(session[i]), null, i == session.length - 1));
        }
        return events;
    }

    public static LogKeysTask.Result evaluate(LogKeyModel model, List<int[]> normal, List<int[]> abnormal) {
        LogKeyDetector detector = model.newDetector();
        long falsePositives = flagged(detector, normal);
        long truePositives = flagged(detector, abnormal);
        return new LogKeysTask.Result(truePositives, falsePositives, abnormal.size() - truePositives, normal.size() - falsePositives);
    }

    /** Whether the stream would flag this session: the verdict on its last event says so. */
    public static boolean isFlagged(LogKeyDetector detector, String id, int[] session) {
        List<AnomalyVerdict> verdicts = OfflineRun.run(detector, id, events(session));
        return verdicts.get(verdicts.size() - 1).sessionAnomalous();
    }

    private static long flagged(LogKeyDetector detector, List<int[]> sessions) {
        long flagged = 0;
        for (int i = 0; i < sessions.size(); i++) {
            if (isFlagged(detector, "s" + i, sessions.get(i))) {
                flagged++;
            }
        }
        return flagged;
    }
}

package io.lstmstreams.tagging;

import java.util.ArrayList;
import java.util.List;

/**
 * Session-level detection quality, DeepLog's way: a session is flagged when any of its events is; flagged
 * abnormal sessions are true positives, flagged normal ones false positives. Sessions are not deduplicated.
 */
public final class LogKeyEvaluation {

    public record Result(long truePositives, long falsePositives, long falseNegatives, long trueNegatives) {

        /** Undefined (NaN) without abnormal sessions: there was nothing to find. */
        public double precision() {
            return truePositives + falseNegatives == 0 ? Double.NaN : ratio(truePositives, truePositives + falsePositives);
        }

        public double recall() {
            return ratio(truePositives, truePositives + falseNegatives);
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        public double falsePositiveRate() {
            return ratio(falsePositives, falsePositives + trueNegatives);
        }

        /** The command's last line. */
        public String summary() {
            return String.format(java.util.Locale.ROOT, "precision=%.4f recall=%.4f f1=%.4f fpr=%.4f",
                    precision(), recall(), f1(), falsePositiveRate());
        }

        private static double ratio(long numerator, long denominator) {
            return denominator == 0 ? Double.NaN : (double) numerator / denominator;
        }
    }

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

    public static Result evaluate(LogKeyModel model, List<int[]> normal, List<int[]> abnormal) {
        LogKeyDetector detector = model.newDetector();
        long falsePositives = flagged(detector, normal);
        long truePositives = flagged(detector, abnormal);
        return new Result(truePositives, falsePositives, abnormal.size() - truePositives, normal.size() - falsePositives);
    }

    /** Whether the stream would flag this session: the verdict on its last event says so. */
    public static boolean isFlagged(LogKeyDetector detector, String id, int[] session) {
        List<byte[]> verdicts = OfflineRun.run(detector, id, events(session));
        return AnomalyVerdict.fromJson(verdicts.get(verdicts.size() - 1)).sessionAnomalous();
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

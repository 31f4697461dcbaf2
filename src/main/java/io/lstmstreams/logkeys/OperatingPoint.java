package io.lstmstreams.logkeys;

import java.util.Locale;
import java.util.Map;

/**
 * How a log-key model judges, as calibrated to a false-positive budget ({@link LogKeyCalibration}) and stored in its
 * bundle: the rule for events, its threshold, and the end's minimum probability.
 *
 * @param rule                {@link Rule#RANK}: an event is anomalous when its key is not among the {@code topG} most
 *                            likely next keys (DeepLog); {@link Rule#PROBABILITY}: when the model gave its key less than
 *                            {@code eventMinProbability}. A key never seen in training is anomalous under both.
 * @param topG                the rank rule's g
 * @param eventMinProbability the probability rule's threshold
 * @param endMinProbability   a session's end is anomalous when the model gave "end" less than this; 0 judges no end
 * @param fprTarget           the share of normal sessions the thresholds may flag; NaN: not calibrated to one (a
 *                            bundle from before the budget, or thresholds given by hand)
 * @param calibrationSessions normal sessions the thresholds were calibrated on (0: not calibrated)
 * @param calibrationFlagged  how many of them the thresholds flag
 */
record OperatingPoint(Rule rule, int topG, double eventMinProbability, double endMinProbability, double fprTarget,
                      int calibrationSessions, int calibrationFlagged) {

    enum Rule {
        RANK, PROBABILITY;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Rule ofLabel(String label) {
            for (Rule rule : values()) {
                if (rule.label().equals(label)) {
                    return rule;
                }
            }
            throw new IllegalArgumentException("log-key rule must be 'rank' or 'probability', got '" + label + "'");
        }
    }

    /** Bundle properties; {@link #END_MIN_PROBABILITY} is also what bundles from before the budget carry. */
    static final String RULE = "rule";
    static final String TOP_G = "topG";
    static final String EVENT_MIN_PROBABILITY = "eventMinProbability";
    static final String END_MIN_PROBABILITY = "endMinProbability";
    static final String FPR_TARGET = "fprTarget";
    static final String CALIBRATION_SESSIONS = "calibrationSessions";
    static final String CALIBRATION_FLAGGED = "calibrationFlagged";

    OperatingPoint {
        if (topG < 1) {
            throw new IllegalArgumentException("top-g must be at least 1, got " + topG);
        }
        if (!(eventMinProbability >= 0 && eventMinProbability < 1)) {
            throw new IllegalArgumentException("the events' minimum probability must be in [0, 1), got " + eventMinProbability);
        }
        if (!(endMinProbability >= 0 && endMinProbability < 1)) {
            throw new IllegalArgumentException("the end's minimum probability must be in [0, 1), got " + endMinProbability);
        }
    }

    /** Thresholds not calibrated to a budget: the rank rule at g, the end at the given minimum. */
    static OperatingPoint rank(int topG, double endMinProbability) {
        return new OperatingPoint(Rule.RANK, topG, 0, endMinProbability, Double.NaN, 0, 0);
    }

    /**
     * The operating point a bundle's properties hold; a bundle from before the budget (no {@link #RULE}) judges by
     * rank at {@code topG} and its stored end minimum (none: no end judged).
     */
    static OperatingPoint from(Map<String, String> properties, int topG) {
        String rule = properties.get(RULE);
        double end = Double.parseDouble(properties.getOrDefault(END_MIN_PROBABILITY, "0"));
        if (rule == null) {
            return rank(topG, end);
        }
        return new OperatingPoint(Rule.ofLabel(rule), Integer.parseInt(properties.get(TOP_G)),
                Double.parseDouble(properties.get(EVENT_MIN_PROBABILITY)), end,
                Double.parseDouble(properties.get(FPR_TARGET)), Integer.parseInt(properties.get(CALIBRATION_SESSIONS)),
                Integer.parseInt(properties.get(CALIBRATION_FLAGGED)));
    }

    Map<String, String> properties() {
        return Map.of(RULE, rule.label(), TOP_G, Integer.toString(topG),
                EVENT_MIN_PROBABILITY, Double.toString(eventMinProbability), END_MIN_PROBABILITY, Double.toString(endMinProbability),
                FPR_TARGET, Double.toString(fprTarget), CALIBRATION_SESSIONS, Integer.toString(calibrationSessions),
                CALIBRATION_FLAGGED, Integer.toString(calibrationFlagged));
    }

    /** @param probability what the model gave the key, 0 for a key never seen in training (whose rank is past every g) */
    boolean eventAnomalous(int rank, double probability) {
        return rule == Rule.RANK ? rank > topG : probability < eventMinProbability;
    }

    boolean endAnomalous(double endProbability) {
        return endProbability < endMinProbability;
    }

    /** The same thresholds with another end minimum (no longer calibrated to the budget). */
    OperatingPoint withEndMinProbability(double probability) {
        return new OperatingPoint(rule, topG, eventMinProbability, probability, Double.NaN, 0, 0);
    }

    /** The same thresholds judging events by rank at {@code g} (no longer calibrated to the budget). */
    OperatingPoint withTopG(int g) {
        return new OperatingPoint(Rule.RANK, g, eventMinProbability, endMinProbability, Double.NaN, 0, 0);
    }

    /** How eval and logs show it. */
    String describe() {
        return String.format(Locale.ROOT, "rule=%s top_g=%d event_min_probability=%.3g end_min_probability=%.3g fpr_target=%s"
                        + " calibration=%d/%d", rule.label(), topG, eventMinProbability, endMinProbability,
                Double.isNaN(fprTarget) ? "none" : String.format(Locale.ROOT, "%.4f", fprTarget), calibrationFlagged,
                calibrationSessions);
    }
}

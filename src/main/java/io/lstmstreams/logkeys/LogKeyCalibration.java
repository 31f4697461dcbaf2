package io.lstmstreams.logkeys;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Random;

/**
 * Calibrates a log-key model's operating point to a false-positive budget on normal sessions it was never trained
 * on, so that no model ships over budget: the thresholds flag at most {@link #allowedWithConfidence} of those
 * sessions, few enough that the share of all normal sessions flagged is within the budget with
 * {@value #CONFIDENCE} confidence (a binomial bound; 1% of 388 sessions allows 1, not 3).
 *
 * <p>Within the budget, an event threshold (rank g, or a minimum probability) and the end's minimum probability
 * share it; which pair, and which of the two rules, is chosen on normal data alone: the one that catches the most
 * synthetic anomalies made from the same normal sessions ({@link #synthetic}), the rank rule unless the probability
 * rule catches strictly more. Probability thresholds keep a {@link #MARGIN}, g a {@link #RANK_MARGIN}.
 */
final class LogKeyCalibration {

    /** How sure calibration is that the share of normal sessions flagged is at most the target. */
    static final double CONFIDENCE = 0.9;
    /**
     * Probability thresholds (an event's under the probability rule, the end's) sit this factor below the least a
     * normal session within the budget got: an order of magnitude of room for normal sessions unlike those calibrated
     * on. HDFS (seed 42): without it the held-apart sessions, later in the file than the calibration ones, were
     * flagged 1.5% (probability rule) and 1.3% (rank) at a 1% target; with it 0.8% and 1.0%, while anomalies cut
     * short (2e-5 or less for their end) or with a key out of place stay far below.
     */
    static final double MARGIN = 0.1;
    /**
     * The rank rule's g sits this many ranks past the worst rank a normal session within the budget got, for the same
     * reason. HDFS, 2026-12-03 (ensembles of seeds 42 and 1, and four other models): no calibration session ranked a
     * key past 5, yet g = 5 flagged 0.93-1.13% of the held-apart sessions at a 1% target; g = 6 flagged 0.72-0.82%.
     */
    static final int RANK_MARGIN = 1;
    /** Synthetic anomalies are drawn with a fixed seed: the same model and sessions calibrate the same. */
    private static final long SYNTHETIC_SEED = 17;

    /**
     * What the model made of one session, whatever the thresholds.
     *
     * @param worstRank        the largest rank any of its keys got (past every g for a key never seen in training)
     * @param leastProbability the least probability any of its keys got (0 for a key never seen in training)
     * @param endProbability   what the model gave "the session ends here" after its last key
     */
    record SessionScore(int worstRank, double leastProbability, double endProbability) {
    }

    private LogKeyCalibration() {
    }

    /** The operating point a bundle ships with: the budget held with {@value #CONFIDENCE} confidence. */
    static OperatingPoint calibrate(LogKeyModel model, List<int[]> normal, double fprTarget, List<OperatingPoint.Rule> rules) {
        return calibrate(model, normal, fprTarget, allowedWithConfidence(normal.size(), fprTarget), rules, MARGIN);
    }

    /** The rules {@link LogKeysTask.Options#eventRule} names, the preferred first. */
    static List<OperatingPoint.Rule> rules(String eventRule) {
        return eventRule.equals("auto") ? List.of(OperatingPoint.Rule.values())
                : List.of(OperatingPoint.Rule.ofLabel(eventRule));
    }

    /**
     * @param allowed how many of {@code normal} the thresholds may flag
     * @param rules   the rules to choose from, the preferred first
     * @param margin  probability thresholds sit this factor below the least a normal session within the budget got
     */
    static OperatingPoint calibrate(LogKeyModel model, List<int[]> normal, double fprTarget, int allowed,
                                    List<OperatingPoint.Rule> rules, double margin) {
        if (normal.isEmpty()) {
            throw new IllegalArgumentException("calibration needs normal sessions");
        }
        LogKeyDetector detector = model.newDetector();
        List<SessionScore> normalScores = normal.stream().map(detector::score).toList();
        List<SessionScore> syntheticScores = synthetic(normal, model.ids().keySet()).stream().map(detector::score).toList();
        return choose(normalScores, syntheticScores, model.weights().spec().head().outputs(), fprTarget, allowed, rules,
                margin);
    }

    /**
     * The most {@code n} calibration sessions flagged such that, were the true share of normal sessions flagged above
     * {@code target}, flagging this few or fewer would happen with probability at most 1 - {@value #CONFIDENCE}.
     * 0 when even none would not be that sure (fewer than 230 sessions at 1%): the thresholds then flag none.
     */
    static int allowedWithConfidence(int n, double target) {
        double logTerm = n * Math.log1p(-target); // log P(X = 0), X ~ Binomial(n, target)
        double cumulative = Math.exp(logTerm);
        int allowed = -1;
        for (int k = 0; k <= n && cumulative <= 1 - CONFIDENCE; k++) {
            allowed = k;
            logTerm += Math.log((double) (n - k) / (k + 1)) + Math.log(target / (1 - target));
            cumulative += Math.exp(logTerm);
        }
        return Math.max(0, allowed);
    }

    /** The most of {@code n} sessions a share of {@code target} is: the FPR a curve point stays at on the sessions themselves. */
    static int allowedOn(int n, double target) {
        return (int) Math.floor(target * n + 1e-9);
    }

    /**
     * The operating point that catches the most synthetic anomalies flagging at most {@code allowed} normal sessions;
     * among equals, the one that flags fewer normal sessions, then the earlier rule, then the looser event threshold.
     *
     * @param outputs the model's outcomes: a key never seen in training ranks {@code outputs + 1}, past every g
     */
    static OperatingPoint choose(List<SessionScore> normal, List<SessionScore> synthetic, int outputs, double fprTarget,
                                 int allowed, List<OperatingPoint.Rule> rules, double margin) {
        OperatingPoint best = null;
        long bestCaught = -1;
        int bestFlagged = Integer.MAX_VALUE;
        for (OperatingPoint.Rule rule : rules) {
            for (double threshold : eventThresholds(rule, normal, outputs)) {
                // the budget is spent at the boundary; the margin is room beyond it, not more budget
                OperatingPoint eventsOnly = new OperatingPoint(rule, rule == OperatingPoint.Rule.RANK ? (int) threshold : 1,
                        rule == OperatingPoint.Rule.PROBABILITY ? threshold : 0, 0, fprTarget, normal.size(), 0);
                List<Double> passedEnds = new ArrayList<>();
                int flaggedByEvents = 0;
                for (SessionScore session : normal) {
                    if (eventAnomalous(eventsOnly, session)) {
                        flaggedByEvents++;
                    } else {
                        passedEnds.add(session.endProbability());
                    }
                }
                if (flaggedByEvents > allowed) {
                    continue;
                }
                OperatingPoint point = withMargin(eventsOnly, passedEnds, allowed - flaggedByEvents, margin, normal, outputs);
                long caught = synthetic.stream().filter(session -> flagged(point, session)).count();
                if (caught > bestCaught || (caught == bestCaught && point.calibrationFlagged() < bestFlagged)) {
                    best = point;
                    bestCaught = caught;
                    bestFlagged = point.calibrationFlagged();
                }
            }
        }
        if (best == null) {
            throw new IllegalStateException("no threshold keeps within " + allowed + " flagged normal sessions");
        }
        return best;
    }

    static boolean flagged(OperatingPoint point, SessionScore session) {
        return eventAnomalous(point, session) || point.endAnomalous(session.endProbability());
    }

    private static boolean eventAnomalous(OperatingPoint point, SessionScore session) {
        return point.eventAnomalous(session.worstRank(), session.leastProbability());
    }

    /**
     * Where the event threshold can sit, loosest first: each value the normal sessions reach (a session is flagged
     * strictly past it), so every way of spending the budget on events is tried. A key never seen in training stays
     * anomalous: g stays at most {@code outputs}, the minimum probability above 0.
     */
    private static double[] eventThresholds(OperatingPoint.Rule rule, List<SessionScore> normal, int outputs) {
        if (rule == OperatingPoint.Rule.RANK) {
            return normal.stream().mapToDouble(session -> Math.min(session.worstRank(), outputs)).distinct()
                    .map(g -> -g).sorted().map(g -> -g).toArray();
        }
        return normal.stream().mapToDouble(session -> Math.max(session.leastProbability(), Double.MIN_VALUE)).distinct()
                .sorted().toArray();
    }

    /**
     * The shipped thresholds: the end's minimum at the least end of the sessions the events passed but for the
     * {@code budget} least, both probability thresholds {@code margin} times their boundary, and g {@link #RANK_MARGIN}
     * past its boundary when {@code margin} is below 1 (a curve point, at the boundary itself, has margin 1).
     */
    private static OperatingPoint withMargin(OperatingPoint events, List<Double> passedEnds, int budget, double margin,
                                             List<SessionScore> normal, int outputs) {
        double[] ends = passedEnds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double end = ends.length == 0 ? 0 : margin * ends[Math.min(budget, ends.length - 1)];
        double event = events.rule() == OperatingPoint.Rule.PROBABILITY ? margin * events.eventMinProbability() : 0;
        int topG = events.rule() == OperatingPoint.Rule.RANK && margin < 1
                ? Math.min(events.topG() + RANK_MARGIN, outputs) : events.topG();
        OperatingPoint point = new OperatingPoint(events.rule(), topG, event, end, events.fprTarget(),
                normal.size(), 0);
        int flagged = (int) normal.stream().filter(session -> flagged(point, session)).count();
        return new OperatingPoint(point.rule(), point.topG(), event, end, point.fprTarget(), normal.size(), flagged);
    }

    /**
     * Anomalies made from normal sessions, each session of two keys or more giving one of each kind: cut short after
     * a random key; one random key replaced by another key of the vocabulary; and the workflow deviations a log shows
     * when a step is skipped, repeated or done out of order (one key deleted, one key repeated, two neighbouring
     * different keys swapped), which leave every key a known and often a likely one.
     */
    static List<int[]> synthetic(List<int[]> normal, Collection<Integer> keys) {
        int[] vocabulary = keys.stream().mapToInt(Integer::intValue).sorted().toArray();
        Random random = new Random(SYNTHETIC_SEED);
        List<int[]> anomalies = new ArrayList<>();
        for (int[] session : normal) {
            if (session.length < 2) {
                continue;
            }
            anomalies.add(Arrays.copyOf(session, 1 + random.nextInt(session.length - 1)));
            if (vocabulary.length > 1) {
                int[] replaced = session.clone();
                int at = random.nextInt(session.length);
                int key;
                do {
                    key = vocabulary[random.nextInt(vocabulary.length)];
                } while (key == session[at]);
                replaced[at] = key;
                anomalies.add(replaced);
            }
            int at = random.nextInt(session.length);
            anomalies.add(spliced(session, at, at + 1, new int[0]));
            anomalies.add(spliced(session, at, at, new int[] {session[at]}));
            int swapAt = random.nextInt(session.length - 1);
            if (session[swapAt] != session[swapAt + 1]) {
                anomalies.add(spliced(session, swapAt, swapAt + 2, new int[] {session[swapAt + 1], session[swapAt]}));
            }
        }
        return anomalies;
    }

    /** {@code session} with its keys {@code from} (inclusive) to {@code to} (exclusive) replaced by {@code keys}. */
    private static int[] spliced(int[] session, int from, int to, int[] keys) {
        int[] result = new int[session.length - (to - from) + keys.length];
        System.arraycopy(session, 0, result, 0, from);
        System.arraycopy(keys, 0, result, from, keys.length);
        System.arraycopy(session, to, result, from + keys.length, session.length - to);
        return result;
    }
}

package io.lstmstreams.logkeys;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.logkeys.LogKeyCalibration.SessionScore;
import io.lstmstreams.logkeys.OperatingPoint.Rule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogKeyCalibrationTest {

    private static final int OUTPUTS = 20;
    private static final List<Rule> BOTH = List.of(Rule.values());

    /**
     * Normal sessions: ranks 1-6 mostly, now and then up to 12 (rare but normal paths), the key's probability falling
     * with its rank, the end's probability anywhere in [0.01, 1).
     */
    private static List<SessionScore> normal(int count, Random random) {
        List<SessionScore> sessions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int rank = random.nextInt(20) == 0 ? 7 + random.nextInt(6) : 1 + random.nextInt(6);
            double probability = Math.pow(10, -rank / 3.0) * (0.5 + random.nextDouble());
            sessions.add(new SessionScore(rank, probability, 0.01 + 0.98 * random.nextDouble()));
        }
        return sessions;
    }

    private static double flaggedShare(OperatingPoint point, List<SessionScore> sessions) {
        return (double) sessions.stream().filter(session -> LogKeyCalibration.flagged(point, session)).count() / sessions.size();
    }

    @Test
    void theAllowanceHoldsTheBudgetWithConfidence() {
        // the largest k with P(Binomial(n, 1%) <= k) <= 0.1
        assertThat(LogKeyCalibration.allowedWithConfidence(388, 0.01)).isEqualTo(1);
        assertThat(LogKeyCalibration.allowedWithConfidence(1000, 0.01)).isEqualTo(5);
        assertThat(LogKeyCalibration.allowedWithConfidence(5000, 0.01)).isEqualTo(40);
        assertThat(LogKeyCalibration.allowedWithConfidence(388, 0.02)).isEqualTo(3);
        // too few sessions to be that sure: flag none of them
        assertThat(LogKeyCalibration.allowedWithConfidence(100, 0.01)).isZero();
        assertThat(LogKeyCalibration.allowedOn(971, 0.01)).isEqualTo(9);
    }

    @Test
    void calibratedThresholdsMeetTheBudgetOnCalibrationAndOnFreshNormalSessions() {
        Random random = new Random(1);
        List<SessionScore> calibration = normal(1000, random);
        List<SessionScore> anomalies = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // far past the normal sessions, beyond the margin: a key out of place, a session cut short
            anomalies.add(new SessionScore(4 + random.nextInt(12), Math.pow(10, -6 - 2 * random.nextDouble()), 0.2));
            anomalies.add(new SessionScore(2, 0.3, Math.pow(10, -4 - 2 * random.nextDouble())));
        }
        int allowed = LogKeyCalibration.allowedWithConfidence(calibration.size(), 0.01);

        OperatingPoint point = LogKeyCalibration.choose(calibration, anomalies, OUTPUTS, 0.01, allowed, BOTH, LogKeyCalibration.MARGIN);

        assertThat(point.calibrationFlagged()).isLessThanOrEqualTo(allowed)
                .isEqualTo((int) Math.round(flaggedShare(point, calibration) * calibration.size()));
        assertThat(point.calibrationSessions()).isEqualTo(1000);
        assertThat(point.fprTarget()).isEqualTo(0.01);
        assertThat(flaggedShare(point, normal(20_000, random))).isLessThanOrEqualTo(0.01);
        assertThat(flaggedShare(point, anomalies)).isGreaterThan(0.95);
        // a key never seen in training (rank past every g, probability 0) stays anomalous
        assertThat(LogKeyCalibration.flagged(point, new SessionScore(OUTPUTS + 1, 0, 0.9))).isTrue();
    }

    @Test
    void theProbabilityRuleIsChosenWhereItSeparatesBetterThanRank() {
        Random random = new Random(2);
        List<SessionScore> calibration = normal(400, random);
        // keys ranked as normal ones are, but far less likely than any normal key got
        List<SessionScore> unlikely = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            unlikely.add(new SessionScore(5, 1e-7, 0.5));
        }

        OperatingPoint point = LogKeyCalibration.choose(calibration, unlikely, OUTPUTS, 0.01, 1, BOTH, LogKeyCalibration.MARGIN);

        assertThat(point.rule()).isEqualTo(Rule.PROBABILITY);
        assertThat(flaggedShare(point, unlikely)).isEqualTo(1.0);
        assertThat(point.calibrationFlagged()).isLessThanOrEqualTo(1);
    }

    @Test
    void theRankRuleStaysWhereProbabilityDoesNotSeparateBetter() {
        Random random = new Random(3);
        List<SessionScore> calibration = normal(400, random);
        List<SessionScore> unknownKeys = List.of(new SessionScore(OUTPUTS + 1, 0, 0.5), new SessionScore(OUTPUTS + 1, 0, 0.9));

        OperatingPoint point = LogKeyCalibration.choose(calibration, unknownKeys, OUTPUTS, 0.01, 1, BOTH, LogKeyCalibration.MARGIN);

        assertThat(point.rule()).isEqualTo(Rule.RANK);
        assertThat(point.topG()).isLessThanOrEqualTo(OUTPUTS);
        assertThat(flaggedShare(point, unknownKeys)).isEqualTo(1.0);
    }

    @Test
    void syntheticAnomaliesCutShortReplaceDeleteRepeatAndSwap() {
        int[] session = {5, 22, 11, 9, 26};

        List<int[]> anomalies = LogKeyCalibration.synthetic(List.of(session, new int[] {7}), List.of(5, 22, 11, 9, 26, 40));

        // one of each kind from the session of five keys, none from the session of one
        assertThat(anomalies).hasSize(5);
        assertThat(anomalies.get(0).length).isBetween(1, 4);
        assertThat(Arrays.copyOf(session, anomalies.get(0).length)).isEqualTo(anomalies.get(0));
        assertThat(anomalies.get(1)).hasSize(5).isNotEqualTo(session);
        assertThat(anomalies.get(2)).hasSize(4);
        assertThat(anomalies.get(3)).hasSize(6);
        assertThat(anomalies.get(4)).hasSize(5).isNotEqualTo(session).containsExactlyInAnyOrder(session);
        for (int[] anomaly : anomalies.subList(2, 5)) {
            assertThat(Arrays.stream(anomaly).boxed().toList()).isSubsetOf(5, 22, 11, 9, 26);
        }
    }

    @Test
    void theRuleNamesAreTheChoicesCalibrationIsGiven() {
        assertThat(LogKeyCalibration.rules("rank")).containsExactly(Rule.RANK);
        assertThat(LogKeyCalibration.rules("probability")).containsExactly(Rule.PROBABILITY);
        assertThat(LogKeyCalibration.rules("auto")).containsExactly(Rule.RANK, Rule.PROBABILITY);
    }

    @Test
    void theOperatingPointIsStoredAndReadBack() {
        OperatingPoint point = new OperatingPoint(Rule.PROBABILITY, 3, 1.5e-4, 0.0123, 0.01, 388, 1);

        assertThat(OperatingPoint.from(point.properties(), 9)).isEqualTo(point);
        // a bundle from before the budget: the rank rule at the given g, its stored end minimum
        assertThat(OperatingPoint.from(Map.of(OperatingPoint.END_MIN_PROBABILITY, "0.0126"), 9))
                .isEqualTo(OperatingPoint.rank(9, 0.0126));
        assertThat(OperatingPoint.from(Map.of(), 9)).isEqualTo(OperatingPoint.rank(9, 0));
    }
}

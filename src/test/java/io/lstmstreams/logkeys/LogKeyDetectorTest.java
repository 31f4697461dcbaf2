package io.lstmstreams.logkeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lstmstreams.model.CellType;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.tagging.OfflineRun;
import io.lstmstreams.tagging.SequenceState;
import io.lstmstreams.training.TrainingConfig;
import io.lstmstreams.wire.AnomalyVerdict;
import io.lstmstreams.wire.InvalidRecordException;
import io.lstmstreams.wire.TokenEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogKeyDetectorTest {

    static ModelBundle bundle;
    static LogKeyModel model;

    /** Normal sessions follow one workflow; the model learns it in a few seconds and is sure of every next key. */
    @BeforeAll
    static void trainOnTwoWorkflows() {
        List<int[]> sessions = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            sessions.add(new int[] {5, 22, 11, 9, 26, 21});
        }
        LogKeysTask.Options options = new LogKeysTask.Options(CellType.LSTM, 16, 1, 0.0, 8,
                new TrainingConfig(TrainingConfig.Optimizer.ADAM, 1e-2, 5.0, 16, 40, 40, 0.1, 7));
        bundle = LogKeyTraining.train(sessions, options, 3, report -> { });
        model = LogKeyModel.from(bundle, 1);
    }

    private static List<AnomalyVerdict> verdicts(int... session) {
        return verdicts(model, session);
    }

    private static List<AnomalyVerdict> verdicts(LogKeyModel detectorModel, int... session) {
        return OfflineRun.run(detectorModel.newDetector(), "s", LogKeyEvaluation.events(session));
    }

    @Test
    void aNormalSessionPassesEventByEvent() {
        List<AnomalyVerdict> verdicts = verdicts(5, 22, 11, 9, 26, 21);

        assertThat(verdicts).extracting(AnomalyVerdict::position).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(verdicts).noneMatch(AnomalyVerdict::anomalous);
        assertThat(verdicts.get(5).endProbability()).isGreaterThan(0.5);
        assertThat(verdicts.subList(0, 5)).noneMatch(AnomalyVerdict::endsSession);
        assertThat(verdicts.get(5).modelVersion()).isEqualTo(3);
    }

    @Test
    void onlineAccuracyCountsAnEventLabelledNormalRightWhenItIsNotFlagged() {
        LogKeyDetector detector = model.newDetector();
        List<AnomalyVerdict> verdicts = verdicts(5, 22, 9, 11, 26, 21);
        TokenEvent normal = TokenEvent.of("9", LogKeysTask.NORMAL, false);

        assertThat(detector.agreesWithGold(verdicts.get(1), normal)).isTrue();
        assertThat(detector.agreesWithGold(verdicts.get(2), normal)).isFalse();
        assertThat(detector.agreesWithGold(verdicts.get(2), TokenEvent.of("9", null, false))).isNull();
        assertThat(detector.anomalous(verdicts.get(2))).isTrue();
        assertThat(detector.anomalous(verdicts.get(1))).isFalse();
    }

    @Test
    void anUnexpectedKeyIsFlaggedAndTheSessionStaysFlagged() {
        List<AnomalyVerdict> verdicts = verdicts(5, 22, 9, 11, 26, 21);

        assertThat(verdicts.get(1).anomalous()).isFalse();
        assertThat(verdicts.get(2).anomalous()).isTrue();
        assertThat(verdicts.get(2).rank()).isGreaterThan(1);
        assertThat(verdicts.subList(2, 6)).allMatch(AnomalyVerdict::sessionAnomalous);
    }

    @Test
    void aSessionCutShortIsFlaggedAtItsEnd() {
        List<AnomalyVerdict> verdicts = verdicts(5, 22, 11);

        assertThat(verdicts.subList(0, 2)).noneMatch(AnomalyVerdict::anomalous);
        assertThat(verdicts.get(2).endProbability()).isLessThan(model.point().endMinProbability());
        assertThat(verdicts.get(2).anomalous()).isTrue();
    }

    @Test
    void theEndIsJudgedByItsProbability() {
        double end = verdicts(5, 22, 11).get(2).endProbability();
        LogKeyModel lenientEnd = model.with(OperatingPoint.rank(100, end));

        assertThat(verdicts(lenientEnd, 5, 22, 11)).noneMatch(AnomalyVerdict::anomalous);
        assertThat(verdicts(model.with(OperatingPoint.rank(100, Math.nextUp(end))), 5, 22, 11).get(2).anomalous()).isTrue();
        assertThat(verdicts(model.with(model.point().withEndMinProbability(0)), 5, 22, 11)).noneMatch(AnomalyVerdict::anomalous);
    }

    @Test
    void theProbabilityRuleJudgesEachKeyByWhatTheModelGaveIt() {
        double least = model.newDetector().score(new int[] {5, 22, 9}).leastProbability(); // 9 where 11 belongs
        LogKeyModel atLeast = model.with(new OperatingPoint(OperatingPoint.Rule.PROBABILITY, 1, least, 0, Double.NaN, 0, 0));
        LogKeyModel aboveIt = model.with(new OperatingPoint(OperatingPoint.Rule.PROBABILITY, 1, Math.nextUp(least), 0, Double.NaN, 0, 0));

        assertThat(least).isLessThan(0.5);
        assertThat(verdicts(atLeast, 5, 22, 9)).noneMatch(AnomalyVerdict::anomalous);
        assertThat(verdicts(aboveIt, 5, 22, 9)).extracting(AnomalyVerdict::anomalous).containsExactly(false, false, true);
        assertThat(verdicts(aboveIt, 5, 99).get(1).anomalous()).isTrue();
    }

    @Test
    void aTrainedBundleCarriesTheOperatingPointCalibratedOnItsValidationSessions(@TempDir Path dir) throws IOException {
        OperatingPoint point = LogKeyModel.from(bundle, 9).point();
        Path file = dir.resolve("logkeys.bundle");
        bundle.write(file);

        // 10% of the 60 sessions, never trained on; too few to allow any flagged at 1%
        assertThat(point.calibrationSessions()).isEqualTo(6);
        assertThat(point.calibrationFlagged()).isZero();
        assertThat(point.fprTarget()).isEqualTo(LogKeysTask.DEFAULT_FPR_TARGET);
        assertThat(LogKeyModel.from(ModelBundle.read(file), 9).point()).isEqualTo(point);
        assertThat(LogKeysTask.operatingPoint(bundle)).startsWith("rule=" + point.rule().label());
        assertThat(verdicts(model.with(point), 5, 22, 11, 9, 26, 21)).noneMatch(AnomalyVerdict::anomalous);
        assertThat(verdicts(model.with(point), 5, 22, 11).get(2).anomalous()).isTrue();
    }

    @Test
    void aKeyNeverSeenInTrainingIsAlwaysAnomalous() {
        AnomalyVerdict verdict = verdicts(5, 99).get(1);

        assertThat(verdict.anomalous()).isTrue();
        assertThat(verdict.event()).isEqualTo("99");
    }

    @Test
    void aTokenThatIsNotALogKeyIsRejectedWithoutTouchingTheState() {
        LogKeyDetector detector = model.newDetector();
        SequenceState state = detector.newState();

        assertThatThrownBy(() -> detector.accept("s", state, TokenEvent.of("five", null, false)))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("'five'");
        assertThat(state.position()).isZero();
    }

    @Test
    void rankCountsStrictlyMoreLikelyOutcomes() {
        float[] probabilities = {0.1f, 0.5f, 0.2f, 0.2f};

        assertThat(LogKeyDetector.rank(probabilities, 1)).isEqualTo(1);
        assertThat(LogKeyDetector.rank(probabilities, 2)).isEqualTo(2);
        assertThat(LogKeyDetector.rank(probabilities, 3)).isEqualTo(2);
        assertThat(LogKeyDetector.rank(probabilities, 0)).isEqualTo(4);
    }

    @Test
    void sessionLevelScoresCountFlaggedSessions() {
        List<int[]> normal = List.of(new int[] {5, 22, 11, 9, 26, 21}, new int[] {5, 22, 11, 9, 26, 21}, new int[] {5, 22, 9});
        List<int[]> abnormal = List.of(new int[] {5, 99}, new int[] {5, 22, 11, 9, 26, 21});

        LogKeysTask.Result result = LogKeyEvaluation.evaluate(model, normal, abnormal);

        assertThat(result).isEqualTo(new LogKeysTask.Result(1, 1, 1, 2));
        assertThat(result.summary()).isEqualTo("precision=0.5000 recall=0.5000 f1=0.5000 fpr=0.3333");
        assertThat(LogKeyEvaluation.evaluate(model, normal, List.of()).summary()).startsWith("precision=NaN recall=NaN");
    }

    @Test
    void anEnsembleIsTrainedAsOneWiderNetworkCalibratedWithTheRuleAsked() {
        List<int[]> sessions = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            sessions.add(new int[] {5, 22, 11, 9, 26, 21});
        }
        TrainingConfig config = new TrainingConfig(TrainingConfig.Optimizer.ADAM, 1e-2, 5.0, 16, 3, 3, 0.1, 7);
        LogKeysTask.Options options = new LogKeysTask.Options(CellType.LSTM, 16, 1, 0.0, 8, config,
                LogKeysTask.DEFAULT_FPR_TARGET, "probability", 2);

        ModelBundle ensemble = LogKeyTraining.train(sessions, options, 1, report -> { });

        assertThat(ensemble.metadata().spec().hiddenSize()).isEqualTo(32);
        assertThat(ensemble.metadata().spec().input().width()).isEqualTo(16);
        assertThat(ensemble.metadata().trainingMetrics()).containsEntry("members", 2.0).containsKey("validationPerplexity");
        LogKeyModel merged = LogKeyModel.from(ensemble, 1);
        assertThat(merged.point().rule()).isEqualTo(OperatingPoint.Rule.PROBABILITY);
        assertThat(verdicts(merged, 5, 22, 11, 9, 26, 21)).hasSize(6);
        assertThatThrownBy(() -> new LogKeysTask.Options(CellType.LSTM, 16, 1, 0.0, 8, config, 0.01, "median", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'median'");
        assertThatThrownBy(() -> new LogKeysTask.Options(CellType.LSTM, 16, 1, 0.0, 8, config, 0.01, "rank", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one member");
    }
}

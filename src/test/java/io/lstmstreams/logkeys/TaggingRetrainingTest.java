package io.lstmstreams.logkeys;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.data.Sentence;
import io.lstmstreams.model.CellType;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.model.Networks;
import io.lstmstreams.tagging.TaggingRetraining;
import io.lstmstreams.training.TrainingConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class TaggingRetrainingTest {

    private static final TrainingConfig CONFIG = new TrainingConfig(TrainingConfig.Optimizer.ADAM, 1e-2, 5.0, 16, 15, 15, 0.1, 3);

    private static Sentence session(String id, String label, int... keys) {
        List<String> words = Arrays.stream(keys).mapToObj(Integer::toString).toList();
        return new Sentence(id, words, Collections.nCopies(words.size(), label));
    }

    @Test
    void logKeysLearnAWorkflowFromSessionsConfirmedNormal() {
        // The running model knows the keys but not the new workflow: its weights are untrained.
        int[] keys = {5, 22, 11, 9, 26, 21};
        List<int[]> vocabularyOnly = List.of(keys, keys);
        ModelBundle running = LogKeyTraining.train(vocabularyOnly,
                new LogKeysTask.Options(CellType.LSTM, 16, 1, 0.0, 8, new TrainingConfig(TrainingConfig.Optimizer.ADAM, 1e-9, 5.0, 16, 1, 1, 0.5, 3)),
                1, report -> { });
        List<Sentence> normal = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            normal.add(session("n" + i, LogKeysTask.NORMAL, 22, 5, 11, 9, 26, 21));
        }
        Sentence unconfirmed = session("x", "anomalous", 9, 9, 9, 9);
        TaggingRetraining retraining = LogKeysTask.retraining(CONFIG, LogKeysTask.DEFAULT_FPR_TARGET);

        var candidate = retraining.train(running, concat(normal.subList(0, 60), unconfirmed));
        ModelBundle candidateBundle = ModelBundle.of(running.metadata().successor(java.time.Instant.now()), candidate.network());

        double before = retraining.score(running, normal.subList(60, 80));
        double after = retraining.score(candidateBundle, normal.subList(60, 80));
        assertThat(after).isGreaterThan(0.95).isGreaterThan(before);
        assertThat(Networks.inputNames(running.metadata().spec())).hasSize(1);
        // the candidate's operating point is calibrated on the held-apart normal sessions, which it then passes
        Map<String, String> calibrated = retraining.calibrate(candidateBundle, normal.subList(60, 80));
        OperatingPoint point = OperatingPoint.from(calibrated, 1);
        assertThat(point.fprTarget()).isEqualTo(LogKeysTask.DEFAULT_FPR_TARGET);
        assertThat(point.calibrationSessions()).isEqualTo(20);
        assertThat(point.calibrationFlagged()).isZero();
        assertThat(point.endMinProbability()).isGreaterThan(0.05);
        assertThat(retraining.calibrate(candidateBundle, List.of(unconfirmed))).isEmpty();
    }

    @Test
    void retrainingAnEnsembleKeepsItsMembersApart() {
        List<int[]> workflows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            workflows.add(i % 2 == 0 ? new int[] {5, 22, 11, 9} : new int[] {5, 26, 21, 9});
        }
        ModelBundle running = LogKeyTraining.train(workflows, new LogKeysTask.Options(CellType.LSTM, 8, 2, 0.0, 4,
                new TrainingConfig(TrainingConfig.Optimizer.ADAM, 1e-2, 5.0, 16, 2, 2, 0.25, 3),
                LogKeysTask.DEFAULT_FPR_TARGET, LogKeysTask.DEFAULT_EVENT_RULE, 2), 1, report -> { });
        List<Sentence> normal = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            normal.add(session("n" + i, LogKeysTask.NORMAL, 5, 22, 21, 9)); // a workflow neither member saw
        }

        var candidate = LogKeysTask.retraining(CONFIG, LogKeysTask.DEFAULT_FPR_TARGET).train(running, normal);

        INDArray before = running.network().params();
        INDArray after = candidate.network().params();
        INDArray zeros = before.eq(0).castTo(DataType.FLOAT);
        long offDiagonal = zeros.sumNumber().longValue();
        assertThat(offDiagonal).as("weights between the two members").isPositive();
        assertThat(after.mul(zeros).amaxNumber().doubleValue()).as("largest weight between the members after retraining")
                .isZero();
        assertThat(after.sub(before).amaxNumber().doubleValue()).as("largest change").isGreaterThan(1e-3);
    }

    private static List<Sentence> concat(List<Sentence> sentences, Sentence extra) {
        List<Sentence> all = new ArrayList<>(sentences);
        all.add(extra);
        return all;
    }
}

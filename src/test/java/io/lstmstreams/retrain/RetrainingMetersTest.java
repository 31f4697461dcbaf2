package io.lstmstreams.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.training.TrainingResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RetrainingMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RetrainingMeters meters = new RetrainingMeters("pos");

    private static Retrainer.Outcome trained(Retrainer.Verdict verdict, double parentScore, double candidateScore) {
        return new Retrainer.Outcome("pos", 1, 90, 10, parentScore, candidateScore, verdict == Retrainer.Verdict.PROMOTED ? 2L : null,
                verdict, "test", Duration.ofSeconds(12), Map.of(TrainingResult.TRAIN_LOSS, 0.4, TrainingResult.VALIDATION_LOSS, 0.5,
                TrainingResult.VALIDATION_PERPLEXITY, 1.65));
    }

    @Test
    void everyOutcomeAndReasonReadsZeroBeforeAnyRun() {
        meters.bindTo(registry);

        assertThat(registry.find("lstm.retrain.runs").tag("task", "pos").counters()).hasSize(Retrainer.Verdict.values().length)
                .allSatisfy(counter -> assertThat(counter.count()).isZero());
        assertThat(registry.get("lstm.retrain.runs").tag("outcome", "rejected").tag("reason", "not_better_by_margin").counter())
                .isNotNull();
        assertThat(registry.get("lstm.retrain.validation.score").tag("model", "candidate").gauge().value()).isNaN();
    }

    @Test
    void aJudgedRunSetsScoresLossesDurationAndTheLastSuccess() throws InterruptedException {
        meters.bindTo(registry);
        double before = registry.get("lstm.retrain.last.success").gauge().value();
        Thread.sleep(20);

        meters.record(trained(Retrainer.Verdict.NOT_BETTER, 0.91, 0.90));

        assertThat(registry.get("lstm.retrain.runs").tag("outcome", "rejected").tag("reason", "not_better_by_margin")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get("lstm.retrain.validation.score").tag("model", "candidate").gauge().value()).isEqualTo(0.90);
        assertThat(registry.get("lstm.retrain.validation.score").tag("model", "running").gauge().value()).isEqualTo(0.91);
        assertThat(registry.get("lstm.retrain.loss").tag("set", "validation").gauge().value()).isEqualTo(0.5);
        assertThat(registry.get("lstm.retrain.perplexity").tag("set", "validation").gauge().value()).isEqualTo(1.65);
        assertThat(registry.get("lstm.retrain.duration").timer().totalTime(TimeUnit.SECONDS)).isEqualTo(12);
        assertThat(registry.get("lstm.retrain.last.success").gauge().value()).isGreaterThan(before);
    }

    @Test
    void aSkippedOrFailedRunIsCountedButIsNoSuccess() {
        meters.bindTo(registry);
        double before = registry.get("lstm.retrain.last.success").gauge().value();

        meters.record(new Retrainer.Outcome("pos", 1, 0, 0, Double.NaN, Double.NaN, null, Retrainer.Verdict.FAILED,
                "failed: boom", Duration.ofSeconds(1), Map.of()));
        meters.record(new Retrainer.Outcome("pos", 1, 0, 0, Double.NaN, Double.NaN, null,
                Retrainer.Verdict.TOO_FEW_EXAMPLES, "too few", Duration.ZERO, Map.of()));

        assertThat(registry.get("lstm.retrain.runs").tag("outcome", "failed").counter().count()).isEqualTo(1);
        assertThat(registry.get("lstm.retrain.runs").tag("reason", "too_few_examples").counter().count()).isEqualTo(1);
        assertThat(registry.get("lstm.retrain.duration").timer().count()).isZero();
        assertThat(registry.get("lstm.retrain.last.success").gauge().value()).isEqualTo(before);
    }

    @Test
    void closingRemovesTheTasksMeters() {
        meters.bindTo(registry);

        meters.close();

        assertThat(registry.getMeters()).isEmpty();
    }
}

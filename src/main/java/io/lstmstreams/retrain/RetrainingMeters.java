package io.lstmstreams.retrain;

import io.lstmstreams.training.TrainingResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * The meters of one task's retraining runs, in the shape of Micrometer's {@code CacheMeterBinder}: runs by outcome
 * and reason (every pair registered from the start, so a rate of rejections reads 0, not "no data"), how long they
 * took, the last trained run's losses and held-apart scores, and when a run last trained and was judged, which an
 * alert watches. It listens to the {@link Retrainer}'s outcomes; nothing else in the retrainer knows of metrics.
 */
public final class RetrainingMeters implements MeterBinder, AutoCloseable {

    /** Runs on a CPU take seconds for a small model, up to an hour for a large tagger. */
    private static final Duration[] DURATION_BUCKETS = Stream.of(1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600)
            .map(Duration::ofSeconds).toArray(Duration[]::new);

    private final String task;
    private final Map<Retrainer.Verdict, Counter> runs = new EnumMap<>(Retrainer.Verdict.class);
    /** The last run that trained a candidate and judged it; null before the first. */
    private final AtomicReference<Retrainer.Outcome> lastTrained = new AtomicReference<>();
    /** Unix time, seconds, of the last run that trained and was judged; until then, when retraining started. */
    private volatile double lastSuccessSeconds = System.currentTimeMillis() / 1000.0;
    private Timer duration;
    private MeterRegistry registry;

    public RetrainingMeters(String task) {
        this.task = task;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        Tags tags = Tags.of("task", task);
        for (Retrainer.Verdict verdict : Retrainer.Verdict.values()) {
            runs.put(verdict, Counter.builder("lstm.retrain.runs").tags(tags).tag("outcome", verdict.outcome())
                    .tag("reason", verdict.reason()).baseUnit("runs")
                    .description("Retraining runs by outcome (promoted, rejected, skipped, failed) and reason")
                    .register(registry));
        }
        duration = Timer.builder("lstm.retrain.duration").tags(tags).serviceLevelObjectives(DURATION_BUCKETS)
                .description("Retraining runs that trained a candidate, from start to judgement").register(registry);
        String loss = "Loss of the last trained candidate at its best epoch, on its training or early-stopping examples";
        lastTrained("lstm.retrain.loss", tags.and("set", "train"), "loss", loss,
                outcome -> outcome.training().getOrDefault(TrainingResult.TRAIN_LOSS, Double.NaN), registry);
        lastTrained("lstm.retrain.loss", tags.and("set", "validation"), "loss", loss,
                outcome -> outcome.training().getOrDefault(TrainingResult.VALIDATION_LOSS, Double.NaN), registry);
        lastTrained("lstm.retrain.perplexity", tags.and("set", "validation"), null, "Perplexity of the last trained"
                        + " candidate on its early-stopping examples (softmax heads: e to the loss); NaN for forecast",
                outcome -> outcome.training().getOrDefault(TrainingResult.VALIDATION_PERPLEXITY, Double.NaN), registry);
        String score = "Held-apart score of the last trained run's candidate and running model (accuracy; minus the"
                + " error for forecast)";
        lastTrained("lstm.retrain.validation.score", tags.and("model", "candidate"), "score", score,
                Retrainer.Outcome::candidateScore, registry);
        lastTrained("lstm.retrain.validation.score", tags.and("model", "running"), "score", score,
                Retrainer.Outcome::parentScore, registry);
        Gauge.builder("lstm.retrain.last.success", this, meters -> meters.lastSuccessSeconds).tags(tags).baseUnit("seconds")
                .description("Unix time of the last run that trained a candidate and judged it (promoted or not);"
                        + " the retrainer's start before the first").register(registry);
    }

    /** Counts a run: the {@link Retrainer}'s listener. */
    public void record(Retrainer.Outcome outcome) {
        runs.get(outcome.verdict()).increment();
        if (!outcome.training().isEmpty()) {
            duration.record(outcome.took());
        }
        if (outcome.verdict().trainedAndJudged()) {
            lastTrained.set(outcome);
            lastSuccessSeconds = System.currentTimeMillis() / 1000.0;
        }
    }

    /** Removes this task's retraining meters: an app started again in this process registers its own. */
    @Override
    public void close() {
        Stream.of("lstm.retrain.runs", "lstm.retrain.duration", "lstm.retrain.loss", "lstm.retrain.perplexity",
                "lstm.retrain.validation.score",
                "lstm.retrain.last.success").flatMap(name -> registry.find(name).tag("task", task).meters().stream())
                .forEach(registry::remove);
    }

    /** A gauge of the last trained run, NaN before the first. */
    private void lastTrained(String name, Tags tags, String unit, String description,
                             ToDoubleFunction<Retrainer.Outcome> value, MeterRegistry registry) {
        Gauge.builder(name, lastTrained, last -> last.get() == null ? Double.NaN : value.applyAsDouble(last.get()))
                .tags(tags).baseUnit(unit).description(description).register(registry);
    }
}

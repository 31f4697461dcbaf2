package io.lstmstreams.retrain;

import io.lstmstreams.model.BundleMetadata;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.registry.CurrentVersion;
import io.lstmstreams.registry.ModelRegistry;
import io.lstmstreams.registry.RegistrySnapshot;
import io.lstmstreams.training.TrainingResult;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retrains one task's model while the stream runs. Every second it checks whether enough new labelled examples
 * arrived and the interval since the last run passed; if so it trains on the shared training executor (never on a
 * stream thread): warm start from the running model, score candidate and running model on the buffer's held-apart
 * examples, and promote the candidate through the registry only if it scores at least {@code margin} higher.
 * A pinned task is left alone.
 */
public final class Retrainer<E> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Retrainer.class);
    /** Metrics of a promoted bundle: its score and its parent's on the same held-apart examples. */
    public static final String HELD_APART_SCORE = "heldApartScore";
    public static final String PARENT_HELD_APART_SCORE = "parentHeldApartScore";

    /**
     * @param interval       at least this long between two runs
     * @param minNewExamples a run needs at least this many examples that arrived since the last one
     * @param margin         a candidate must score this much higher than the running model to be promoted
     */
    public record Settings(Duration interval, int minNewExamples, double margin) {
    }

    /**
     * What became of a run, in the fixed words meters tag it with: {@code outcome} promoted, rejected (trained, not
     * promoted), skipped (not trained) or failed, and the {@code reason}.
     */
    public enum Verdict {
        PROMOTED("promoted", "better"),
        NOT_BETTER("rejected", "not_better_by_margin"),
        PINNED_MEANWHILE("rejected", "pinned"),
        CLOSED("rejected", "shutdown"),
        PINNED("skipped", "pinned"),
        TOO_FEW_EXAMPLES("skipped", "too_few_examples"),
        FAILED("failed", "error");

        private final String outcome;
        private final String reason;

        Verdict(String outcome, String reason) {
            this.outcome = outcome;
            this.reason = reason;
        }

        public String outcome() {
            return outcome;
        }

        public String reason() {
            return reason;
        }

        /** A candidate was trained and judged against the running model, whatever the judgement. */
        public boolean trainedAndJudged() {
            return this == PROMOTED || this == NOT_BETTER || this == PINNED_MEANWHILE;
        }
    }

    /**
     * What one run did; {@code promotedVersion} is null when nothing was promoted, and {@code reason} says why.
     *
     * @param took     the run, training and scoring included
     * @param training the training run's summary ({@link TrainingResult#metrics}); empty when nothing was trained
     */
    public record Outcome(String task, long parentVersion, int trainingSize, int validationSize, double parentScore,
                          double candidateScore, Long promotedVersion, Verdict verdict, String reason, Duration took,
                          Map<String, Double> training) {

        public Outcome {
            training = Map.copyOf(training);
        }

        public boolean promoted() {
            return promotedVersion != null;
        }
    }

    private final String task;
    private final Supplier<ModelBundle> running;
    private final LabelBuffer<E> buffer;
    private final CandidateTrainer<E> trainer;
    private final ModelRegistry registry;
    private final Supplier<RegistrySnapshot> snapshots;
    private final Settings settings;
    private final Consumer<Outcome> listener;
    private final ExecutorService training;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("retrain-schedule"));
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile long lastRunMs;
    private volatile boolean closed;

    /**
     * @param running   the model the stream runs now (what a candidate warm-starts from and must beat)
     * @param snapshots the registry as it is now: its pointer (pinned?) and the next free version; read once when a
     *                  run starts and once more before it promotes
     * @param training  the bounded executor training runs on ({@link #trainingExecutor})
     */
    public Retrainer(String task, Supplier<ModelBundle> running, LabelBuffer<E> buffer, CandidateTrainer<E> trainer,
                     ModelRegistry registry, Supplier<RegistrySnapshot> snapshots, Settings settings,
                     ExecutorService training, Consumer<Outcome> listener) {
        this.task = task;
        this.running = running;
        this.buffer = buffer;
        this.trainer = trainer;
        this.registry = registry;
        this.snapshots = snapshots;
        this.settings = settings;
        this.training = training;
        this.listener = listener;
    }

    /**
     * Training threads, shared by every task's retrainer. ND4J's own threads inside a run are governed by
     * {@code OMP_NUM_THREADS}, which the launcher sets to 1.
     */
    public static ExecutorService trainingExecutor(int threads) {
        return Executors.newFixedThreadPool(threads, daemon("retrain"));
    }

    /** Checks every second whether a run is due, on this instance alone. */
    public Retrainer<E> start() {
        return start(() -> true);
    }

    /**
     * Checks every second whether a run is due while {@code leading} says this instance retrains
     * ({@link RetrainLeadership}); the buffer keeps filling meanwhile, so a new leader starts with it full.
     */
    public Retrainer<E> start(BooleanSupplier leading) {
        lastRunMs = System.currentTimeMillis();
        scheduler.scheduleWithFixedDelay(() -> check(leading), 1, 1, TimeUnit.SECONDS);
        return this;
    }

    private void check(BooleanSupplier leading) {
        boolean due = leading.getAsBoolean() && buffer.newCount() >= settings.minNewExamples()
                && System.currentTimeMillis() - lastRunMs >= settings.interval().toMillis();
        if (due && busy.compareAndSet(false, true)) {
            training.execute(() -> {
                long begin = System.nanoTime();
                try {
                    runOnce();
                } catch (RuntimeException e) {
                    if (closed) {
                        LOG.info("{}: retraining run stopped by shutdown ({})", task, e.toString());
                    } else {
                        LOG.error("{}: retraining failed; the running model stays", task, e);
                        listener.accept(new Outcome(task, running.get().metadata().modelVersion(), 0, 0, Double.NaN,
                                Double.NaN, null, Verdict.FAILED, "failed: " + e, since(begin),
                                Map.of()));
                    }
                } finally {
                    busy.set(false);
                }
            });
        }
    }

    /** One run, on the calling thread. */
    public Outcome runOnce() {
        long begin = System.nanoTime();
        lastRunMs = System.currentTimeMillis();
        buffer.takeNewCount();
        ModelBundle parent = running.get();
        long parentVersion = parent.metadata().modelVersion();
        LabelBuffer.Split<E> split = buffer.split();
        int trainingSize = split.training().size();
        int validationSize = split.validation().size();
        Optional<Long> pinned = pinned(snapshots.get().task(task));
        Outcome outcome;
        if (pinned.isPresent()) {
            outcome = new Outcome(task, parentVersion, trainingSize, validationSize, Double.NaN, Double.NaN, null,
                    Verdict.PINNED, "pinned to version " + pinned.get(), since(begin), Map.of());
        } else if (trainingSize == 0 || validationSize == 0) {
            outcome = new Outcome(task, parentVersion, trainingSize, validationSize, Double.NaN, Double.NaN, null,
                    Verdict.TOO_FEW_EXAMPLES, "not enough labelled examples to train and validate",
                    since(begin), Map.of());
        } else {
            outcome = trainAndJudge(parent, split, begin);
        }
        Double perplexity = outcome.training().get(TrainingResult.VALIDATION_PERPLEXITY);
        LOG.info("{}: retraining from version {} on {} examples ({} held apart): {} -> {}{}: {}", task, parentVersion,
                trainingSize, validationSize, format(outcome.parentScore()), format(outcome.candidateScore()),
                perplexity == null ? "" : ", validation perplexity " + format(perplexity), outcome.reason());
        listener.accept(outcome);
        return outcome;
    }

    private Outcome trainAndJudge(ModelBundle parent, LabelBuffer.Split<E> split, long begin) {
        List<E> validation = split.validation().stream().map(LabelBuffer.Example::value).toList();
        TrainingResult result = trainer.train(parent, split.training().stream().map(LabelBuffer.Example::value).toList());
        if (closed) {
            return new Outcome(task, parent.metadata().modelVersion(), split.training().size(), split.validation().size(),
                    Double.NaN, Double.NaN, null, Verdict.CLOSED, "not promoted: the retrainer was closed during the run",
                    since(begin), result.metrics());
        }
        double parentScore = trainer.score(parent, validation);
        ModelBundle trained = ModelBundle.of(parent.metadata(), result.network());
        double candidateScore = trainer.score(trained, validation);
        long parentVersion = parent.metadata().modelVersion();
        int trainingSize = split.training().size();
        int validationSize = split.validation().size();
        if (candidateScore < parentScore + settings.margin()) {
            return new Outcome(task, parentVersion, trainingSize, validationSize, parentScore, candidateScore, null,
                    Verdict.NOT_BETTER, "not promoted: not better by the margin " + settings.margin(),
                    since(begin), result.metrics());
        }
        // read again, once: an operator may have pinned, or another version been published, while this run trained
        RegistrySnapshot.TaskVersions registered = snapshots.get().task(task);
        Optional<Long> pinned = pinned(registered);
        if (pinned.isPresent()) {
            return new Outcome(task, parentVersion, trainingSize, validationSize, parentScore, candidateScore, null,
                    Verdict.PINNED_MEANWHILE, "not promoted: pinned to version " + pinned.get() + " meanwhile",
                    since(begin), result.metrics());
        }
        long version = registered.nextVersion();
        ModelBundle candidate = trained.withMetadata(successor(parent.metadata(), version, result, split, parentScore,
                candidateScore, trainer.calibrate(trained, validation)));
        registry.promote(candidate, String.format(Locale.ROOT, "retrained from %d on %d examples: held-apart score %s -> %s",
                parentVersion, trainingSize, format(parentScore), format(candidateScore)));
        return new Outcome(task, parentVersion, trainingSize, validationSize, parentScore, candidateScore, version,
                Verdict.PROMOTED, "promoted as version " + version, since(begin),
                result.metrics());
    }

    private static Optional<Long> pinned(RegistrySnapshot.TaskVersions registered) {
        CurrentVersion pointer = registered.pointer();
        return pointer != null && pointer.pinned() ? Optional.of(pointer.version()) : Optional.empty();
    }

    /** The parent's encodings and settings, with this run's lineage, data window, scores and calibrated settings. */
    private static <E> BundleMetadata successor(BundleMetadata parent, long version, TrainingResult result,
                                                LabelBuffer.Split<E> split, double parentScore, double candidateScore,
                                                Map<String, String> calibrated) {
        Map<String, Double> metrics = new HashMap<>(result.metrics());
        metrics.put(HELD_APART_SCORE, candidateScore);
        metrics.put(PARENT_HELD_APART_SCORE, parentScore);
        Map<String, String> properties = new HashMap<>(parent.properties());
        properties.putAll(calibrated);
        properties.put("trainingWindowStart", Instant.ofEpochMilli(split.training().stream()
                .mapToLong(LabelBuffer.Example::timeMs).min().orElseThrow()).toString());
        properties.put("trainingWindowEnd", Instant.ofEpochMilli(split.training().stream()
                .mapToLong(LabelBuffer.Example::timeMs).max().orElseThrow()).toString());
        properties.put("trainingExamples", Integer.toString(split.training().size()));
        properties.put("heldApartExamples", Integer.toString(split.validation().size()));
        return new BundleMetadata(parent.task(), version, parent.modelVersion(), parent.spec(), parent.vocabularies(),
                parent.tags(), parent.normalisation(), metrics, Instant.now(), properties);
    }

    private static Duration since(long beginNanos) {
        return Duration.ofNanos(System.nanoTime() - beginNanos);
    }

    private static String format(double score) {
        return String.format(Locale.ROOT, "%.4f", score);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            thread.setPriority(Thread.MIN_PRIORITY);
            return thread;
        };
    }

    /**
     * Stops scheduling; a run in progress finishes its training on the training executor (its owner shuts that
     * down) but promotes nothing.
     */
    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
    }
}

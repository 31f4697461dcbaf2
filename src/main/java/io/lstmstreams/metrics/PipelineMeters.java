package io.lstmstreams.metrics;

import io.lstmstreams.state.RecurrentStateStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/**
 * The meters of one pipeline, in the shape of Micrometer's {@code CacheMeterBinder}: a fixed set, each with a
 * description and a base unit, tagged by what an operator filters on (task, topic, reason, model version), never by
 * entity key. Processors hold it and count; nothing else about metrics is in the topologies.
 *
 * <p>No pipeline batches keys into one step (each record is stepped on its own, see STACK-FACTS on batching under
 * exactly-once), so there is no batch-size meter.
 */
public final class PipelineMeters implements MeterBinder {

    /**
     * Buckets of the end-to-end latency: milliseconds when a record is stepped at once, up to minutes when it waits
     * for a window to close (forecast windows are a minute by default).
     */
    private static final Duration[] END_TO_END_BUCKETS = Stream.of(5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000,
            10_000, 30_000, 60_000, 120_000, 300_000).map(Duration::ofMillis).toArray(Duration[]::new);

    private final String task;
    private final LongSupplier modelVersion;
    /** The pipeline's open state stores (one per stream task), held weakly: a closed task's store must not stay. */
    private final Map<Object, ToLongFunction<Object>> stores = new WeakHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private MeterRegistry registry;
    private Timer step;
    private Timer endToEnd;
    private Map<String, Timer> storeCalls;

    /** @param modelVersion the version the pipeline runs now */
    public PipelineMeters(String task, LongSupplier modelVersion) {
        this.task = task;
        this.modelVersion = modelVersion;
    }

    /** Bound to {@code registry}, ready to count. */
    public static PipelineMeters bound(String task, LongSupplier modelVersion, MeterRegistry registry) {
        PipelineMeters meters = new PipelineMeters(task, modelVersion);
        meters.bindTo(registry);
        return meters;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        Tags tags = Tags.of("task", task);
        step = Timer.builder("lstm.pipeline.step").tags(tags)
                .description("Time to run one record (or window) through the model, state update included")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(500))
                .maximumExpectedValue(Duration.ofSeconds(1)).register(registry);
        endToEnd = Timer.builder("lstm.pipeline.end.to.end").tags(tags)
                .description("From an input record's timestamp to its output leaving the pipeline (for a forecast: from"
                        + " the window's latest point, so the wait for the window to close is in it)")
                .serviceLevelObjectives(END_TO_END_BUCKETS).register(registry);
        storeCalls = Map.of("get", storeTimer("get", tags), "put", storeTimer("put", tags), "delete", storeTimer("delete", tags));
        // A gauge reads the object it was first registered with: a pipeline started again in the same JVM (tests,
        // an embedding application) must replace the closed one's, or it reports the old pipeline's keys and model.
        for (String gauge : List.of("lstm.pipeline.keys", "lstm.pipeline.model.version")) {
            registry.find(gauge).tags(tags).gauges().forEach(registry::remove);
        }
        Gauge.builder("lstm.pipeline.keys", this, PipelineMeters::keysInState).tags(tags).baseUnit("keys")
                .description("Keys with recurrent state in this instance's stores (RocksDB's estimate)").register(registry);
        Gauge.builder("lstm.pipeline.model.version", modelVersion, versions -> versions.getAsLong()).tags(tags)
                .description("Registry version of the model the pipeline runs").register(registry);
    }

    private Timer storeTimer(String operation, Tags tags) {
        return Timer.builder("lstm.state.store.calls").tags(tags).tag("operation", operation)
                .description("Calls to the recurrent state store, decoding and encoding included").register(registry);
    }

    /** Records read from {@code topic}; processors keep it rather than look it up per record. */
    public Counter recordsIn(String topic) {
        return counter("in/" + topic, () -> Counter.builder("lstm.pipeline.records.in").tag("task", task).tag("topic", topic)
                .baseUnit("records").description("Records the pipeline read").register(registry));
    }

    /** Records written to {@code topic} by the model {@code version}. */
    public Counter recordsOut(String topic, long version) {
        return counter("out/" + topic + "/" + version, () -> Counter.builder("lstm.pipeline.records.out").tag("task", task)
                .tag("topic", topic).tag("model.version", Long.toString(version)).baseUnit("records")
                .description("Records the pipeline wrote, by the model version that made them").register(registry));
    }

    /** Records sent to the dead letters, for a {@code reason} of a few fixed words ({@code invalid}, {@code late}). */
    public Counter deadLetters(String reason) {
        return counter("dead/" + reason, () -> Counter.builder("lstm.dead.letters").tag("task", task).tag("reason", reason)
                .baseUnit("records").description("Records sent to the dead letters, by reason").register(registry));
    }

    /**
     * Outputs whose input came with a gold label, by whether the output agreed with it: online accuracy is the
     * share that did.
     */
    public Counter labelledOutputs(long version, boolean agreed) {
        String result = agreed ? "correct" : "wrong";
        return counter("labelled/" + version + "/" + result, () -> Counter.builder("lstm.pipeline.labelled.outputs")
                .tag("task", task).tag("model.version", Long.toString(version)).tag("result", result).baseUnit("records")
                .description("Outputs for inputs with a gold label, by whether they agreed with it (online accuracy)")
                .register(registry));
    }

    /** Outputs that flag an anomaly: the anomaly rate is these over the records out. */
    public Counter anomalies(long version) {
        return counter("anomalies/" + version, () -> Counter.builder("lstm.pipeline.anomalies").tag("task", task)
                .tag("model.version", Long.toString(version)).baseUnit("records")
                .description("Outputs that flag an anomaly, by the model version that judged").register(registry));
    }

    /** Records the time from an input's {@code timestampMs} to now, when its output leaves the processor. */
    public void outputOf(long timestampMs) {
        endToEnd.record(Math.max(0, System.currentTimeMillis() - timestampMs), TimeUnit.MILLISECONDS);
    }

    public Timer step() {
        return step;
    }

    /** Timers for a state store's calls and the count of its keys reset for state that did not decode. */
    public RecurrentStateStore.Meters storeMeters() {
        return new RecurrentStateStore.Meters(storeCalls.get("get"), storeCalls.get("put"), storeCalls.get("delete"),
                counter("reset/corrupt", () -> Counter.builder("lstm.state.reset").tag("task", task).tag("reason", "corrupt")
                        .baseUnit("keys").description("Keys whose state was reset, by reason (corrupt: it did not decode)")
                        .register(registry)));
    }

    /** Counts {@code store}'s keys in {@code lstm.pipeline.keys} while it is reachable. */
    @SuppressWarnings("unchecked")
    public <T> void watchKeys(T store, ToLongFunction<T> keys) {
        synchronized (stores) {
            stores.put(store, (ToLongFunction<Object>) keys);
        }
    }

    private double keysInState() {
        synchronized (stores) {
            return stores.entrySet().stream().mapToLong(entry -> entry.getValue().applyAsLong(entry.getKey())).sum();
        }
    }

    private Counter counter(String key, Supplier<Counter> make) {
        return counters.computeIfAbsent(key, ignored -> make.get());
    }
}

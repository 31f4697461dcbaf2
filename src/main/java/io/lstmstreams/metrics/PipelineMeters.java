package io.lstmstreams.metrics;

import io.lstmstreams.state.RecurrentStateStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The meters of one pipeline, in the shape of Micrometer's {@code CacheMeterBinder}: a fixed set, each with a
 * description and a base unit, tagged by what an operator filters on (task, topic, reason, model version), never by
 * entity key. Processors hold it and count; nothing else about metrics is in the topologies.
 */
public final class PipelineMeters implements MeterBinder {

    private final String task;
    private final LongSupplier modelVersion;
    /** The pipeline's open state stores (one per stream task), held weakly: a closed task's store must not stay. */
    private final Map<Object, ToLongFunction<Object>> stores = new WeakHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private MeterRegistry registry;
    private Timer step;
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
        storeCalls = Map.of("get", storeTimer("get", tags), "put", storeTimer("put", tags), "delete", storeTimer("delete", tags));
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

    public Timer step() {
        return step;
    }

    /** Timers for a state store's calls. */
    public RecurrentStateStore.Timers storeTimers() {
        return new RecurrentStateStore.Timers(storeCalls.get("get"), storeCalls.get("put"),
                storeCalls.get("delete"));
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

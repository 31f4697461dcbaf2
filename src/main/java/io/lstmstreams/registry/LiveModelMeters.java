package io.lstmstreams.registry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * When the model a task runs on this instance went live, for dashboards that mark swaps (its version is the
 * pipeline's {@code lstm.pipeline.model.version}). The live model is held weakly, as Micrometer's binders hold what
 * they instrument.
 */
public final class LiveModelMeters implements MeterBinder, AutoCloseable {

    private final LiveModel<?> model;
    private MeterRegistry registry;
    private Gauge since;

    public LiveModelMeters(LiveModel<?> model) {
        this.model = model;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        since = Gauge.builder("lstm.model.live.since", model, live -> live.since().toEpochMilli() / 1000.0).tag("task", model.task())
                .baseUnit("seconds").description("Unix time the running model version went live on this instance (start or swap)")
                .register(registry);
    }

    /** Removes the gauge: an app started again in this process registers its own. */
    @Override
    public void close() {
        registry.remove(since);
    }
}

package io.lstmstreams.registry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The registry's meters for one task as this instance follows it, in the shape of Micrometer's
 * {@code CacheMeterBinder}: refused records, swaps, and when the running version went live. Tagged by task only.
 */
final class RegistryMeters implements MeterBinder {

    private final ModelTarget target;
    /** Epoch seconds at which the running version went live here; the start until the first swap. */
    private final AtomicLong liveSinceSeconds = new AtomicLong(System.currentTimeMillis() / 1000);
    private Counter rejected;
    private Counter swaps;

    RegistryMeters(ModelTarget target) {
        this.target = target;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        String task = target.task();
        rejected = Counter.builder("lstm.models.rejected").tag("task", task).baseUnit("records")
                .description("Bundles or pointers on the models topic refused by this instance").register(registry);
        swaps = Counter.builder("lstm.models.swaps").tag("task", task).baseUnit("swaps")
                .description("Hot swaps of the running model to the version the registry points to").register(registry);
        Gauge.builder("lstm.models.running.version", target, ModelTarget::runningVersion).tag("task", task)
                .description("Registry version of the model this instance runs").register(registry);
        Gauge.builder("lstm.models.live.since", liveSinceSeconds, AtomicLong::get).tag("task", task).baseUnit("seconds")
                .description("When the running version went live here, in seconds since the epoch").register(registry);
    }

    void rejected() {
        rejected.increment();
    }

    long rejectedCount() {
        return (long) rejected.count();
    }

    void swapped() {
        swaps.increment();
        liveSinceSeconds.set(System.currentTimeMillis() / 1000);
    }
}

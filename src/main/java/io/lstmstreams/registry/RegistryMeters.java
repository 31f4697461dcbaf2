package io.lstmstreams.registry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The registry's meters for one task as this instance follows it, in the shape of Micrometer's
 * {@code CacheMeterBinder}: refused records and swaps, tagged by task only. The running version and when it went live
 * are the pipeline's and the live model's meters ({@code lstm.pipeline.model.version}, {@link LiveModelMeters}).
 */
final class RegistryMeters implements MeterBinder {

    private final ModelTarget target;
    private Counter rejected;
    private Counter swaps;

    RegistryMeters(ModelTarget target) {
        this.target = target;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        String task = target.task();
        rejected = Counter.builder("lstm.models.rejected").tag("task", task)
                .description("Bundles or pointers on the models topic refused by this instance").register(registry);
        swaps = Counter.builder("lstm.models.swaps").tag("task", task)
                .description("Hot swaps of the running model to the version the registry points to").register(registry);
    }

    void rejected() {
        rejected.increment();
    }

    long rejectedCount() {
        return (long) rejected.count();
    }

    void swapped() {
        swaps.increment();
    }
}

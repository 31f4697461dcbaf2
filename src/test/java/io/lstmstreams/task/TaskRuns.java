package io.lstmstreams.task;

import io.lstmstreams.config.Settings;
import io.lstmstreams.kafka.StreamsPipeline;
import io.lstmstreams.registry.LiveModel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Supplier;

/** A task's pipeline on a test broker, at default settings, metered into a registry of its own. */
public final class TaskRuns {

    private TaskRuns() {
    }

    public static <M extends LiveModel.Swappable<M>> StreamsPipeline start(Task<M, ?> task, Supplier<M> models,
                                                                         Properties properties) {
        return StreamsPipeline.start(task.name(), task.topology(models, Settings.defaults(), new SimpleMeterRegistry()),
                properties, Duration.ofSeconds(60));
    }
}

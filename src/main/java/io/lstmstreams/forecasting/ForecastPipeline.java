package io.lstmstreams.forecasting;

import io.lstmstreams.kafka.StreamsPipeline;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Supplier;

/** Starts the forecasting pipeline: the topology of {@link ForecastTopology} in a Kafka Streams instance. */
public final class ForecastPipeline {

    private ForecastPipeline() {
    }

    /**
     * See {@link StreamsPipeline#start}: topics are checked first, and it returns once running.
     *
     * @param models read once per window: a hot-swappable {@code LiveModel::current}, or a fixed model
     */
    public static StreamsPipeline start(Supplier<ForecastModel> models, ForecastSettings settings, MeterRegistry meters,
                                        Properties properties, Duration startTimeout) {
        return StreamsPipeline.start(ForecastTraining.TASK, ForecastTopology.build(models, settings, meters), properties,
                startTimeout);
    }
}

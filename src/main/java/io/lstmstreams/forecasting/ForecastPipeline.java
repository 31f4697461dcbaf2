package io.lstmstreams.forecasting;

import io.lstmstreams.kafka.StreamsPipeline;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Properties;

/** Starts the forecasting pipeline: the topology of {@link ForecastTopology} in a Kafka Streams instance. */
public final class ForecastPipeline {

    private ForecastPipeline() {
    }

    /** See {@link StreamsPipeline#start}: topics are checked first, and it returns once running. */
    public static StreamsPipeline start(ForecastModel model, ForecastSettings settings, MeterRegistry meters,
                                        Properties properties, Duration startTimeout) {
        return StreamsPipeline.start(ForecastTraining.TASK, ForecastTopology.build(model, settings, meters), properties,
                startTimeout);
    }
}

package io.lstmstreams.tagging;

import io.lstmstreams.kafka.StreamsPipeline;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Supplier;

/** Starts a tagging pipeline: the topology of {@link TaggingTopology} in a Kafka Streams instance. */
public final class TaggingPipeline {

    private TaggingPipeline() {
    }

    /** See {@link StreamsPipeline#start}: topics are checked first, and it returns once running. */
    public static StreamsPipeline start(TaggingTask task, Supplier<TaggerFactory> models, TaggingSettings settings,
                                        Properties properties, Duration startTimeout) {
        return StreamsPipeline.start(task.taskName(), TaggingTopology.build(task.input(), task.output(), models, settings),
                properties, startTimeout);
    }
}

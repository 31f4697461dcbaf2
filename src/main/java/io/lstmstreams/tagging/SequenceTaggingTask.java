package io.lstmstreams.tagging;

import io.lstmstreams.config.ConfigKey;
import io.lstmstreams.config.Settings;
import io.lstmstreams.data.Sentence;
import io.lstmstreams.metrics.PipelineMeters;
import io.lstmstreams.retrain.LabelAssembler;
import io.lstmstreams.task.Task;
import io.lstmstreams.wire.Topic;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.streams.Topology;

/**
 * What the tagging tasks share: a sequence of events per key in, one output per event out through
 * {@link TaggingTopology}, labels reassembled into sentences. A tagging task adds how a bundle becomes its tagger,
 * how it retrains, and how its data set is replayed.
 *
 * @param <O> what the task publishes per event
 */
public abstract class SequenceTaggingTask<O> implements Task<TaggerFactory<O>, Sentence> {

    private final String name;
    private final String description;
    private final Topic<String, byte[]> input;
    private final Topic<String, O> output;
    private final List<ConfigKey<?>> settings;

    /** @param ownSettings the task's settings besides those every tagging task reads ({@link TaggingSettings#KEYS}) */
    protected SequenceTaggingTask(String name, String description, Topic<String, byte[]> input, Topic<String, O> output,
                                  List<ConfigKey<?>> ownSettings) {
        this.name = name;
        this.description = description;
        this.input = input;
        this.output = output;
        this.settings = Stream.concat(TaggingSettings.KEYS.stream(), ownSettings.stream()).toList();
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final Topic<String, byte[]> input() {
        return input;
    }

    @Override
    public final Topic<String, O> output() {
        return output;
    }

    @Override
    public final List<ConfigKey<?>> settings() {
        return settings;
    }

    @Override
    public final Topology topology(Supplier<TaggerFactory<O>> models, Settings settings, MeterRegistry meters) {
        return TaggingTopology.build(input, output, models, TaggingSettings.of(name, settings),
                PipelineMeters.bound(name, () -> models.get().version(), meters));
    }

    @Override
    public final LabelAssembler<Sentence> labels(Settings settings, int maxOpen) {
        return new SentenceAssembler(name, maxOpen);
    }
}

package io.lstmstreams.task;

import io.lstmstreams.config.ConfigKey;
import io.lstmstreams.config.Settings;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.registry.LiveModel;
import io.lstmstreams.retrain.CandidateTrainer;
import io.lstmstreams.retrain.LabelAssembler;
import io.lstmstreams.wire.Topic;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.Topology;

/**
 * One capability the system runs (part-of-speech tags, log-key anomalies, forecasts), in the shape of a Kafka
 * Connect connector: it declares its settings and topics and builds its own pieces; the app, the registry and the
 * retrainer run any task through this interface and know nothing else about it.
 *
 * @param <M> the model as the task's pipeline runs it, hot-swappable
 * @param <E> a labelled example retraining learns from (a sentence, a stretch of a series)
 */
public interface Task<M extends LiveModel.Swappable<M>, E> {

    /** {@code pos}: the section of its settings ({@code pos.model}), its application id suffix, its bundles' task. */
    String name();

    /** What it does, for messages and help: "part-of-speech tagger". */
    String description();

    Topic<String, byte[]> input();

    Topic<String, ?> output();

    /** Its settings besides {@code <name>.model}, in the order {@code run --help} shows them. */
    List<ConfigKey<?>> settings();

    /**
     * The bundle as the pipeline runs it.
     *
     * @throws IllegalArgumentException the bundle is for another task or lacks what this task needs
     */
    M model(ModelBundle bundle, Settings settings);

    /** A hot-swappable model of this task, starting on {@code bundle}; the registry's watcher swaps it. */
    default LiveModel<M> live(ModelBundle bundle, Settings settings) {
        return new LiveModel<>(name(), candidate -> model(candidate, settings), bundle);
    }

    /**
     * The pipeline: {@link #input} to {@link #output}, per-key state in changelogged stores, every gold label to
     * the labels topic. Meters go to {@code meters}.
     *
     * @param models the model to run, read once per record (or window): a swap lands between two
     */
    Topology topology(Supplier<M> models, Settings settings, MeterRegistry meters);

    /** Turns this task's records on the labels topic into labelled examples. */
    LabelAssembler<E> labels(Settings settings, int maxOpen);

    /** How a candidate is trained on the examples and scored on held-apart ones. */
    CandidateTrainer<E> retraining(Settings settings);

    /**
     * A data file as the records a replay sends to {@link #input}, in order.
     *
     * @param window event time between a series' rows (forecasting); tagging tasks ignore it
     */
    List<KeyValue<String, byte[]>> replayRecords(Path data, Duration window);
}

package io.lstmstreams.app;

import io.lstmstreams.kafka.Topics;
import io.lstmstreams.tagging.TaggingTask;
import java.util.Locale;
import java.util.Optional;

/**
 * The pipelines {@code run} can start, as the {@code pipelines} setting names them. Each has a section of
 * settings named after it ({@code pos.model}, {@code logkeys.top.g}); a new pipeline is a new constant here
 * and its keys in {@link ConfigKey}.
 */
public enum Pipeline {
    POS(TaggingTask.POS, "part-of-speech tagger", Topics.TOKENS, Topics.TAGS),
    LOGKEYS(TaggingTask.LOGKEYS, "log-key anomaly detector (DeepLog)", Topics.EVENTS, Topics.ANOMALIES),
    FORECAST(null, "time-series forecaster", Topics.SERIES, Topics.FORECASTS);

    /** The tagging task the pipeline runs; null for the forecaster. */
    private final TaggingTask tagging;
    private final String description;
    private final Topics input;
    private final Topics output;

    Pipeline(TaggingTask tagging, String description, Topics input, Topics output) {
        this.tagging = tagging;
        this.description = description;
        this.input = input;
        this.output = output;
    }

    /** The name in settings: {@code pipelines=pos}, the section {@code pos.*}, the application id suffix. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String description() {
        return description;
    }

    public Topics input() {
        return input;
    }

    public Topics output() {
        return output;
    }

    Optional<TaggingTask> tagging() {
        return Optional.ofNullable(tagging);
    }
}

package io.lstmstreams.app;

import io.lstmstreams.tagging.TaggingTask;
import java.util.Locale;

/**
 * The pipelines {@code run} can start, as the {@code pipelines} setting names them. Each has a section of
 * settings named after it ({@code pos.model}, {@code logkeys.top.g}); a new pipeline is a new constant here
 * and its keys in {@link ConfigKey}.
 */
public enum Pipeline {
    POS(TaggingTask.POS, "part-of-speech tagger"),
    LOGKEYS(TaggingTask.LOGKEYS, "log-key anomaly detector (DeepLog)");

    private final TaggingTask task;
    private final String description;

    Pipeline(TaggingTask task, String description) {
        this.task = task;
        this.description = description;
    }

    /** The name in settings: {@code pipelines=pos}, the section {@code pos.*}, the application id suffix. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String description() {
        return description;
    }

    TaggingTask task() {
        return task;
    }
}

package io.lstmstreams.tagging;

import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.registry.ModelTarget;
import java.util.Optional;

/**
 * The model a tagging pipeline runs now, swappable while it runs: the registry's watcher swaps it, the stream
 * processor reads it once at the start of each record, so a swap lands between two records, never inside one.
 */
public final class LiveModel implements ModelTarget {

    private final TaggingTask task;
    private final int topG;
    /** The running bundle (what retraining warm-starts from) and the same model as the stream runs it. */
    private record Running(ModelBundle bundle, TaggerFactory model) {
    }

    private volatile Running running;

    private LiveModel(TaggingTask task, int topG, ModelBundle initial) {
        this.task = task;
        this.topG = topG;
        this.running = new Running(initial, task.model(initial, topG));
    }

    /** @param topG DeepLog's top-g, used by log-key models only */
    public static LiveModel of(TaggingTask task, ModelBundle bundle, int topG) {
        return new LiveModel(task, topG, bundle);
    }

    public TaggerFactory current() {
        return running.model();
    }

    public ModelBundle bundle() {
        return running.bundle();
    }

    @Override
    public String task() {
        return task.taskName();
    }

    @Override
    public Optional<String> incompatibility(ModelBundle bundle) {
        try {
            return task.model(bundle, topG).incompatibility(running.model());
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public void swapTo(ModelBundle bundle) {
        running = new Running(bundle, task.model(bundle, topG));
    }

    @Override
    public long runningVersion() {
        return running.model().version();
    }
}

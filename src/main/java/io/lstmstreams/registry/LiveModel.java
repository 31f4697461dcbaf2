package io.lstmstreams.registry;

import io.lstmstreams.model.ModelBundle;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * The model a pipeline runs now, swappable while it runs: the registry's watcher swaps it, the stream processor
 * reads it once at the start of each record, so a swap lands between two records, never inside one.
 *
 * @param <M> the model as the pipeline runs it (a tagger factory, a forecasting model)
 */
public final class LiveModel<M extends LiveModel.Swappable<M>> implements ModelTarget {

    /** A model as a pipeline runs it: its version, and whether it can take over from the running one. */
    public interface Swappable<M> {

        long version();

        /** Why this model cannot take over from {@code running} in a live pipeline, or empty if it can. */
        Optional<String> incompatibility(M running);
    }

    /** The running bundle (what retraining warm-starts from), the same model as the pipeline runs it, since when. */
    private record Running<M>(ModelBundle bundle, M model, Instant since) {
    }

    private final String task;
    private final Function<ModelBundle, M> load;
    private volatile Running<M> running;

    /**
     * @param load turns a bundle into the model the pipeline runs; throws {@link IllegalArgumentException} for a
     *             bundle it cannot run
     */
    public LiveModel(String task, Function<ModelBundle, M> load, ModelBundle initial) {
        this.task = task;
        this.load = load;
        this.running = new Running<>(initial, load.apply(initial), Instant.now());
    }

    public M current() {
        return running.model();
    }

    public ModelBundle bundle() {
        return running.bundle();
    }

    /** When the running model went live here: this instance's start, or its last swap. */
    public Instant since() {
        return running.since();
    }

    @Override
    public String task() {
        return task;
    }

    @Override
    public Optional<String> incompatibility(ModelBundle bundle) {
        try {
            return load.apply(bundle).incompatibility(running.model());
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public void swapTo(ModelBundle bundle) {
        running = new Running<>(bundle, load.apply(bundle), Instant.now());
    }

    @Override
    public long runningVersion() {
        return running.model().version();
    }
}

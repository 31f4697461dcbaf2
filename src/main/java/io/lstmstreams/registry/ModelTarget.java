package io.lstmstreams.registry;

import io.lstmstreams.model.ModelBundle;
import java.util.Optional;

/**
 * What runs a task's model and can take a new one while it runs (a tagging pipeline's live model; forecasting
 * plugs in the same way). The {@link ModelWatcher} asks it to judge every bundle of its task as it arrives and
 * hands it the one the registry points to.
 */
public interface ModelTarget {

    /** The task whose bundles this target takes. */
    String task();

    /** Why this bundle cannot replace the running model (its spec or settings do not fit), or empty if it can. */
    Optional<String> incompatibility(ModelBundle bundle);

    /** Makes {@code bundle} the running model; called only with bundles that passed {@link #incompatibility}. */
    void swapTo(ModelBundle bundle);

    /** The version running now. */
    long runningVersion();
}

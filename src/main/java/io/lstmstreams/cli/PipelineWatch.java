package io.lstmstreams.cli;

import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code run}'s check on its pipelines: each that stopped on its own is reported once, and the others go on (a
 * bad pipeline must not take the healthy ones down with it); when none is left, the run fails.
 */
final class PipelineWatch implements Runnable {

    private final Supplier<Map<String, String>> failures;
    private final int pipelines;
    private final PrintWriter err;
    private final Set<String> reported = new LinkedHashSet<>();

    /** @param failures the stopped pipelines by name, each described */
    PipelineWatch(Supplier<Map<String, String>> failures, int pipelines, PrintWriter err) {
        this.failures = failures;
        this.pipelines = pipelines;
        this.err = err;
    }

    /** @throws IllegalStateException every pipeline has stopped */
    @Override
    public void run() {
        failures.get().forEach((pipeline, description) -> {
            if (reported.add(pipeline)) {
                err.println("run: " + description + (reported.size() < pipelines ? "; the other pipelines go on" : ""));
                err.flush();
            }
        });
        if (reported.size() >= pipelines) {
            throw new IllegalStateException("every pipeline stopped");
        }
    }

    /** True once a pipeline stopped: the run then ends with a failure, even if the others ran on to the end. */
    boolean anyStopped() {
        return !reported.isEmpty();
    }
}

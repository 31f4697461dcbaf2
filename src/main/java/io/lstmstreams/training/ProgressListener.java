package io.lstmstreams.training;

/** Told after every epoch, e.g. to log progress or export it as metrics. */
@FunctionalInterface
public interface ProgressListener {

    void onEpoch(EpochReport report);

    static ProgressListener none() {
        return report -> { };
    }
}

package io.lstmstreams.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

/** Waiting, in integration tests, for a live model to take a version the registry promoted. */
public final class LiveModels {

    private LiveModels() {
    }

    /** Waits up to 30 s for {@code live} to run {@code version}, then asserts it does. */
    public static void awaitRunning(LiveModel<?> live, long version) throws InterruptedException {
        awaitRunning(live, version, Duration.ofSeconds(30));
    }

    /** As above, for watchers that decode large bundles: a few seconds each on two busy cores. */
    public static void awaitRunning(LiveModel<?> live, long version, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (live.runningVersion() != version && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(live.runningVersion()).isEqualTo(version);
    }
}

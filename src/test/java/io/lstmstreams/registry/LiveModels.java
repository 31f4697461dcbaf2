package io.lstmstreams.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

/** Waiting, in integration tests, for a live model to take a version the registry promoted. */
public final class LiveModels {

    private LiveModels() {
    }

    /** Waits up to 30 s for {@code live} to run {@code version}, then asserts it does. */
    public static void awaitRunning(LiveModel<?> live, long version) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (live.runningVersion() != version && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(live.runningVersion()).isEqualTo(version);
    }
}

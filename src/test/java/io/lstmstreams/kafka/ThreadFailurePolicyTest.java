package io.lstmstreams.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadFailurePolicyTest {

    private long now = 0;
    private final ThreadFailurePolicy policy = new ThreadFailurePolicy("pos", () -> now);

    @Test
    void aPassingFailureReplacesTheThreadUntilItKeepsComingBack() {
        StreamsException commitRefused = new StreamsException("commit failed", new TimeoutException("broker away"));

        for (int i = 0; i < ThreadFailurePolicy.MAX_REPLACEMENTS; i++) {
            assertThat(policy.handle(commitRefused)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
            now += Duration.ofMinutes(1).toNanos();
        }
        assertThat(policy.fatal()).isEmpty();
        assertThat(policy.handle(commitRefused)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(policy.fatal()).contains(commitRefused);
    }

    @Test
    void replacementsOlderThanTheWindowNoLongerCount() {
        StreamsException failure = new StreamsException("commit failed");
        for (int i = 0; i < ThreadFailurePolicy.MAX_REPLACEMENTS; i++) {
            policy.handle(failure);
        }
        now += ThreadFailurePolicy.WINDOW.plusSeconds(1).toNanos();

        assertThat(policy.handle(failure)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    @Test
    void aBugOnARecordOrAJvmErrorStopsThePipelineAtOnce() {
        StreamsException bug = new StreamsException("Exception caught in process", new IllegalStateException("bug"));

        assertThat(policy.handle(bug)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(new ThreadFailurePolicy("pos", () -> 0).handle(new StackOverflowError()))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }
}

package io.lstmstreams.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.model.CellType;
import org.junit.jupiter.api.Test;

class StepBenchmarkTest {

    /** A call that costs {@code slowNanos} until {@code fastFrom} (as code before the JIT compiles it), then {@code fastNanos}. */
    private static Runnable compiledAt(long fastFrom, long slowNanos, long fastNanos) {
        return () -> {
            long now = System.nanoTime();
            long until = now + (now < fastFrom ? slowNanos : fastNanos);
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        };
    }

    @Test
    void aStepCompiledAfterTheWarmUpRoundsIsTimedOnceCompiled() {
        // one warm-up round of 0.2 s asked for (as --quick has three); the call gets 20 times faster 1.2 s in
        StepBenchmark.Settings settings = new StepBenchmark.Settings(CellType.LSTM, 1, 1, 1, 1, 1, 0.2, 3, 1);
        Runnable call = compiledAt(System.nanoTime() + 1_200_000_000L, 1_000_000, 50_000);

        StepBenchmark.Result result = StepBenchmark.measure(settings, null, "late JIT", 1, call);

        assertThat(result.microsPerEvent()).isLessThan(200);
    }

    @Test
    void aSettledStepIsTimedAfterTheMinimumWarmUpAndNoLonger() {
        StepBenchmark.Settings settings = new StepBenchmark.Settings(CellType.LSTM, 1, 1, 1, 1, 1, 0.2, 3, 1);
        long start = System.nanoTime();

        StepBenchmark.Result result = StepBenchmark.measure(settings, null, "steady", 1, compiledAt(0, 0, 20_000));

        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(result.microsPerEvent()).isBetween(20.0, 200.0);
        assertThat(seconds).as("2 s of warm-up, then 3 rounds of 0.2 s").isBetween(2.5, 5.0);
    }
}

package io.lstmstreams.demo;

/**
 * Latencies in whole milliseconds, counted per millisecond up to a minute (later ones count as a minute): exact
 * percentiles at that resolution in fixed memory, however long the demo runs. Not thread-safe: {@link DemoState}
 * guards it.
 */
final class LatencyHistogram {

    static final int MAX_MILLIS = 60_000;

    private final long[] counts = new long[MAX_MILLIS + 1];
    private long total;

    void record(long millis) {
        counts[(int) Math.max(0, Math.min(MAX_MILLIS, millis))]++;
        total++;
    }

    long count() {
        return total;
    }

    /** The smallest latency at least {@code quantile} of the recorded ones are at or below; NaN when empty. */
    double quantile(double quantile) {
        if (total == 0) {
            return Double.NaN;
        }
        long needed = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int millis = 0; millis <= MAX_MILLIS; millis++) {
            seen += counts[millis];
            if (seen >= needed && seen > 0) {
                return millis;
            }
        }
        return MAX_MILLIS;
    }
}

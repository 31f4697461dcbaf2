package io.lstmstreams.demo;

/** Events per second over the last few whole seconds, in fixed memory. Not thread-safe: {@link DemoState} guards it. */
final class Throughput {

    static final int WINDOW_SECONDS = 5;

    /** One slot per second, the current one included; a slot is reused when its second is over a window ago. */
    private final long[] counts = new long[WINDOW_SECONDS + 1];
    private final long[] seconds = new long[WINDOW_SECONDS + 1];

    void add(long nowMillis, long events) {
        long second = nowMillis / 1000;
        int slot = (int) (second % counts.length);
        if (seconds[slot] != second) {
            seconds[slot] = second;
            counts[slot] = 0;
        }
        counts[slot] += events;
    }

    /** The mean over the {@value #WINDOW_SECONDS} whole seconds before the current one. */
    double perSecond(long nowMillis) {
        long current = nowMillis / 1000;
        long sum = 0;
        for (int i = 0; i < counts.length; i++) {
            if (seconds[i] < current && seconds[i] >= current - WINDOW_SECONDS) {
                sum += counts[i];
            }
        }
        return (double) sum / WINDOW_SECONDS;
    }
}

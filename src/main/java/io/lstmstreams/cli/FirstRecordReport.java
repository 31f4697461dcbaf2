package io.lstmstreams.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@code run}'s line, once per pipeline, when it processed its first record: the moment it really works (group
 * joined, state restored, input read), counted from the JVM's start, so a restart's full cost shows. The
 * {@code started} line comes earlier, when Kafka Streams reports RUNNING.
 */
final class FirstRecordReport implements Runnable {

    /** One pipeline's records processed and state records restored so far. */
    record Counts(LongSupplier processed, LongSupplier restored) {
    }

    private final Map<String, Counts> waiting;
    private final LongSupplier uptimeMillis;
    private final PrintWriter out;

    /** @param pipelines by name, in start order; @param uptimeMillis milliseconds since the JVM started */
    FirstRecordReport(Map<String, Counts> pipelines, LongSupplier uptimeMillis, PrintWriter out) {
        this.waiting = new LinkedHashMap<>(pipelines);
        this.uptimeMillis = uptimeMillis;
        this.out = out;
    }

    @Override
    public void run() {
        waiting.entrySet().removeIf(pipeline -> {
            if (pipeline.getValue().processed().getAsLong() == 0) {
                return false;
            }
            out.printf(Locale.ROOT, "%s: first record processed %.1f s after the JVM started (%d state records restored)%n",
                    pipeline.getKey(), uptimeMillis.getAsLong() / 1000.0, pipeline.getValue().restored().getAsLong());
            out.flush();
            return true;
        });
    }
}

package io.lstmstreams.kafka;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a stream thread's death does to its pipeline. A failure that may pass (a commit the broker refused while it
 * restarted, a timeout) replaces the thread, which resumes from the last commit; at most {@link #MAX_REPLACEMENTS}
 * times in {@link #WINDOW}, since a failure that keeps coming back is not passing. A bug on a record (the
 * processing handler refused to dead-letter it) or a JVM error shuts this pipeline's client down at once: a new
 * thread would meet the same record again, forever. A replaced thread's tasks wait for its old consumer's session
 * to time out ({@code session.timeout.ms}). Either way only this pipeline stops; the others in the JVM are
 * separate clients and go on.
 */
final class ThreadFailurePolicy implements StreamsUncaughtExceptionHandler {

    static final int MAX_REPLACEMENTS = 3;
    static final Duration WINDOW = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(ThreadFailurePolicy.class);

    private final String pipeline;
    private final LongSupplier nanoClock;
    private final Deque<Long> replacements = new ArrayDeque<>();
    private volatile Throwable fatal;

    ThreadFailurePolicy(String pipeline, LongSupplier nanoClock) {
        this.pipeline = pipeline;
        this.nanoClock = nanoClock;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        long now = nanoClock.getAsLong();
        while (!replacements.isEmpty() && now - replacements.peekFirst() > WINDOW.toNanos()) {
            replacements.removeFirst();
        }
        if (recurs(exception) || replacements.size() >= MAX_REPLACEMENTS) {
            fatal = exception;
            LOG.error("{} pipeline stops: {} (its stream threads were replaced {} times in the last {})", pipeline,
                    exception.toString(), replacements.size(), WINDOW);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replacements.addLast(now);
        LOG.warn("{} pipeline: a stream thread died ({}); replacing it", pipeline, exception.toString());
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** The failure that stopped the pipeline, if one did. */
    Optional<Throwable> fatal() {
        return Optional.ofNullable(fatal);
    }

    /**
     * A JVM error, or an exception from outside Kafka (our code, the JDK) anywhere in the chain: a bug, which the same
     * record would set off again. Kafka Streams unwraps the processing handler's refusal into a plain
     * {@code StreamsException} around the original exception, so the origin is what tells.
     */
    private static boolean recurs(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof Error || !cause.getClass().getName().startsWith("org.apache.kafka.")) {
                return true;
            }
        }
        return false;
    }
}

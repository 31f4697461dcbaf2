package io.lstmstreams.kafka;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.errors.TaskCorruptedException;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Turns Kafka Streams' reports of a {@link TaskCorruptedException} into one INFO line: after a crash under
 * exactly-once the local state of the tasks that were open is wiped and restored from the changelog, which is
 * recovery working as designed, yet Kafka Streams logs it at WARN and ERROR with a stack trace (e.g. "Exception
 * caught while committing tasks", "Get exceptions for the following tasks"). Kafka Streams always handles this
 * exception itself; anything else it logs still shows.
 */
public final class ExactlyOnceRecoveryFilter extends TurboFilter {

    /** Kafka's loggers: Kafka Streams' own, and its clients', through which the exception can pass. */
    private static final String KAFKA = "org.apache.kafka.";
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(ExactlyOnceRecoveryFilter.class);
    private static final String CORRUPTED = TaskCorruptedException.class.getName();
    /** A fully qualified exception or error class name in a message. */
    private static final Pattern EXCEPTION_NAME = Pattern.compile("\\b(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)\\b");
    /** A task id as a key of Kafka's per-task map, {@code 0_1=}. */
    private static final Pattern TASK_ID = Pattern.compile("\\b(\\d+_\\d+)=");

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (logger == null || !logger.getName().startsWith(KAFKA) || level == null || !level.isGreaterOrEqual(Level.WARN)) {
            return FilterReply.NEUTRAL;
        }
        Optional<String> tasks = corrupted(t, params).map(e -> e.corruptedTasks().toString())
                .or(() -> onlyCorruptedNamed(format));
        if (tasks.isEmpty()) {
            return FilterReply.NEUTRAL;
        }
        LOG.info("exactly-once recovery: the local state of tasks {} is rebuilt from the changelog (normal after an"
                + " unclean stop)", tasks.get());
        return FilterReply.DENY;
    }

    /**
     * Kafka's {@code LogContext} formats the message itself and passes no parameters, so "Get exceptions for the
     * following tasks: {0_1=...TaskCorruptedException: ...}" arrives as text: it is routine when every exception it
     * names is a {@link TaskCorruptedException}. Returns the task ids it names.
     */
    private static Optional<String> onlyCorruptedNamed(String message) {
        if (message == null || !message.contains(CORRUPTED)) {
            return Optional.empty();
        }
        Matcher named = EXCEPTION_NAME.matcher(message);
        while (named.find()) {
            if (!named.group().equals(CORRUPTED)) {
                return Optional.empty();
            }
        }
        List<String> tasks = new ArrayList<>();
        Matcher task = TASK_ID.matcher(message);
        while (task.find()) {
            tasks.add(task.group(1));
        }
        return Optional.of(tasks.toString());
    }

    /** The exception, given as the throwable, a parameter, or a value of a map parameter (the per-task form). */
    private static Optional<TaskCorruptedException> corrupted(Throwable t, Object[] params) {
        Optional<TaskCorruptedException> found = inChain(t);
        if (found.isPresent() || params == null) {
            return found;
        }
        for (Object param : params) {
            if (param instanceof Throwable throwable) {
                found = inChain(throwable);
            } else if (param instanceof Map<?, ?> map) {
                found = map.values().stream().filter(Throwable.class::isInstance).map(value -> inChain((Throwable) value))
                        .flatMap(Optional::stream).findFirst();
            }
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<TaskCorruptedException> inChain(Throwable t) {
        for (Throwable cause = t; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof TaskCorruptedException corrupted) {
                return Optional.of(corrupted);
            }
        }
        return Optional.empty();
    }
}

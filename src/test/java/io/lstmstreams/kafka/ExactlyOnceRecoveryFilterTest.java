package io.lstmstreams.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.TaskCorruptedException;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** With the project's logback.xml: what Kafka Streams logs about exactly-once recovery, and what it still shows. */
class ExactlyOnceRecoveryFilterTest {

    private static final String TASK_MANAGER = "org.apache.kafka.streams.processor.internals.TaskManager";
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Logger root;

    @BeforeEach
    void capture() {
        root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        appender.start();
        root.addAppender(appender);
    }

    @AfterEach
    void release() {
        root.detachAppender(appender);
    }

    @Test
    void aCorruptedTaskAfterACrashIsOneInfoLineWithoutAStackTrace() {
        TaskCorruptedException corrupted = new TaskCorruptedException(Set.of(new TaskId(0, 1)));
        org.slf4j.Logger streams = LoggerFactory.getLogger(TASK_MANAGER);

        streams.error("Exception caught while committing tasks [0_1]", corrupted);
        streams.error("Get exceptions for the following tasks: {}", Map.of(new TaskId(0, 1), corrupted));
        streams.error("wrapped", new StreamsException(corrupted));
        // as Kafka's LogContext logs it: formatted already, no parameters (seen in RestartIT's log)
        streams.error("stream-thread [t-1] Get exceptions for the following tasks: {0_1=" + corrupted + "}");

        assertThat(appender.list).extracting(ILoggingEvent::getLevel).containsOnly(Level.INFO).hasSize(4);
        assertThat(appender.list).allSatisfy(event -> {
            assertThat(event.getLoggerName()).isEqualTo(ExactlyOnceRecoveryFilter.class.getName());
            assertThat(event.getFormattedMessage()).contains("tasks [0_1]").contains("rebuilt from the changelog");
            assertThat(event.getThrowableProxy()).isNull();
        });
    }

    @Test
    void otherKafkaStreamsErrorsStillShow() {
        LoggerFactory.getLogger(TASK_MANAGER).error("Exception caught while committing tasks [0_1]",
                new StreamsException("the broker refused"));
        LoggerFactory.getLogger(TASK_MANAGER).error("Get exceptions for the following tasks: {0_1="
                + new TaskCorruptedException(Set.of(new TaskId(0, 1))) + ", 0_2=" + new StreamsException("fatal") + "}");

        assertThat(appender.list).hasSize(2).allSatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.ERROR);
            assertThat(event.getLoggerName()).isEqualTo(TASK_MANAGER);
        });
    }
}

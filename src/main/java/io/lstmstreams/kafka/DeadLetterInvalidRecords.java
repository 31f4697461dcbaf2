package io.lstmstreams.kafka;

import io.lstmstreams.model.StateFormatException;
import io.lstmstreams.wire.InvalidRecordException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records the pipeline cannot use (bad input, unreadable state) to the dead-letter topic and goes on; the
 * dead letter is bounded ({@link DeadLetters}), with the reason and the source topic, partition and offset in its
 * {@code __streams.errors.*} headers. Any other exception is a bug, and stops the stream thread rather than
 * silently dropping data.
 */
public final class DeadLetterInvalidRecords implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterInvalidRecords.class);

    private String topic;

    @Override
    public void configure(Map<String, ?> configs) {
        Object name = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        topic = name == null ? null : name.toString();
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidRecordException || cause instanceof StateFormatException) {
                // One line, no stack trace: bad input is expected, and the dead-letter meters count it.
                LOG.debug("dead letter from {}-{}@{}: {}", context.topic(), context.partition(), context.offset(),
                        cause.getMessage());
                return Response.resume(topic == null ? List.of() : List.of(DeadLetters.of(topic, context, exception)));
            }
        }
        return Response.fail();
    }
}

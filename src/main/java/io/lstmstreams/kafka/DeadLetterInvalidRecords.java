package io.lstmstreams.kafka;

import io.lstmstreams.model.StateFormatException;
import io.lstmstreams.wire.InvalidRecordException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Sends records the pipeline cannot use (bad input, unreadable state) to Kafka Streams' own dead-letter queue
 * and goes on; the dead-letter record keeps the original key and value, with the reason and the source
 * topic, partition and offset in its {@code __streams.errors.*} headers. Any other exception is a bug, and
 * stops the stream thread rather than silently dropping data.
 */
public final class DeadLetterInvalidRecords extends LogAndContinueProcessingExceptionHandler {

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidRecordException || cause instanceof StateFormatException) {
                return super.handleError(context, record, exception);
            }
        }
        return Response.fail();
    }
}

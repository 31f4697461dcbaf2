package io.lstmstreams.wire;

/**
 * An input record the pipeline cannot use. Thrown from the processor so that Kafka Streams' processing
 * exception handler sends the record to the dead-letter topic, with this message as the reason.
 */
public final class InvalidRecordException extends RuntimeException {

    public InvalidRecordException(String reason) {
        super(reason);
    }
}

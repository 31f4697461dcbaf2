package io.lstmstreams.kafka;

/** The broker could not be reached or refused a request; the message names the address tried. */
public final class TopicAdminException extends RuntimeException {
    public TopicAdminException(String message, Throwable cause) {
        super(message, cause);
    }
}

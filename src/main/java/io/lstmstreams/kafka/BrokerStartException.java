package io.lstmstreams.kafka;

/** The embedded broker could not start; the message says why (port in use, unusable data directory...). */
public final class BrokerStartException extends RuntimeException {
    public BrokerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}

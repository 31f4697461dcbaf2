package io.lstmstreams.model;

/** Bytes that are not a {@link RecurrentState} in a format {@link StateCodec} reads. */
public final class StateFormatException extends RuntimeException {

    public StateFormatException(String message) {
        super(message);
    }
}

package io.lstmstreams.model;

import java.io.IOException;

/** A model bundle that must not be used: corrupt, truncated, too large, of another format, or not the spec's shape. */
public final class InvalidBundleException extends IOException {

    public InvalidBundleException(String message) {
        super(message);
    }

    public InvalidBundleException(String message, Throwable cause) {
        super(message, cause);
    }
}

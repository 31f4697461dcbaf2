package io.lstmstreams.config;

/** A setting that is unknown, malformed, missing or unusable; the message names the key and where it came from. */
public final class ConfigException extends IllegalArgumentException {
    public ConfigException(String message) {
        super(message);
    }
}

package io.lstmstreams.wire;

/** A topic definition file that cannot be used; the message names the file and what is wrong with it. */
public final class TopicDefinitionException extends RuntimeException {
    public TopicDefinitionException(String message) {
        super(message);
    }
}

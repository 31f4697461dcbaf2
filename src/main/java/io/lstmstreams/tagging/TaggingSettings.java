package io.lstmstreams.tagging;

import java.time.Duration;
import java.util.Objects;

/**
 * How a tagging pipeline treats its sequences.
 *
 * @param storeName      the state store (and so changelog) of the per-sequence state
 * @param idleTimeout    a sequence without events for this long is dropped, as if it had ended
 * @param expiryInterval how often idle sequences are looked for (wall-clock time)
 * @param maxTokenLength longer tokens are dead-lettered: no word is that long, and state must stay small
 * @param historyLength  inputs kept per sequence to rebuild its state after a model swap (a sentence is ~17 words)
 */
public record TaggingSettings(String storeName, Duration idleTimeout, Duration expiryInterval, int maxTokenLength,
                              int historyLength) {

    public TaggingSettings {
        Objects.requireNonNull(storeName, "storeName");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive, got " + idleTimeout);
        }
        if (expiryInterval.isNegative() || expiryInterval.isZero()) {
            throw new IllegalArgumentException("expiryInterval must be positive, got " + expiryInterval);
        }
        if (maxTokenLength <= 0) {
            throw new IllegalArgumentException("maxTokenLength must be positive, got " + maxTokenLength);
        }
        if (historyLength < 0) {
            throw new IllegalArgumentException("historyLength must be >= 0, got " + historyLength);
        }
    }

    public static TaggingSettings defaults(String task) {
        return new TaggingSettings(task + "-sequences", Duration.ofMinutes(30), Duration.ofSeconds(30), 256, 32);
    }
}

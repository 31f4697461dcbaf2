package io.lstmstreams.tagging;

import io.lstmstreams.config.ConfigKey;
import io.lstmstreams.config.Settings;
import io.lstmstreams.config.ValueType;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a tagging pipeline treats its sequences.
 *
 * @param storeName      the state store (and so changelog) of the per-sequence state
 * @param idleTimeout    a sequence without events for this long is dropped, as if it had ended
 * @param expiryInterval how often idle sequences are looked for (wall-clock time)
 * @param maxTokenLength longer tokens are dead-lettered: no word is that long, and state must stay small
 * @param historyLength  inputs kept per sequence to rebuild its state after a model swap (a sentence is ~17 words)
 * @param batchSize      1: every event is stepped as it comes; more: events wait in {@link PendingEvents} until this
 *                       many have come or {@code batchMaxWait} has passed, and the sequences' steps share one call of the
 *                       batched engine (the shape a GPU needs)
 * @param batchMaxWait   how long, at most, a waiting event waits for its batch to fill (wall-clock time)
 */
public record TaggingSettings(String storeName, Duration idleTimeout, Duration expiryInterval, int maxTokenLength,
                              int historyLength, int batchSize, Duration batchMaxWait) {

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
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        if (batchMaxWait.isNegative() || batchMaxWait.isZero()) {
            throw new IllegalArgumentException("batchMaxWait must be positive, got " + batchMaxWait);
        }
        if ((long) maxTokenLength * (historyLength + 1) > MAX_KEPT_CHARACTERS) {
            throw new IllegalArgumentException(MAX_TOKEN_LENGTH.name() + " x (" + HISTORY_LENGTH.name() + " + 1) must be"
                    + " at most " + MAX_KEPT_CHARACTERS + ", got " + maxTokenLength + " x " + (historyLength + 1));
        }
    }

    /**
     * Characters of tokens a sequence's state may keep (its history and the token in hand). The state is one
     * changelog record, up to 3 bytes a character for tokens and as much again for their tags: this keeps it far
     * below the producer's 1 MiB, over which, under exactly-once, the pipeline would retry the same input forever;
     * and each token below the state codec's 65,535 bytes.
     */
    static final int MAX_KEPT_CHARACTERS = 20_000;

    public static final ConfigKey<Duration> IDLE_TIMEOUT = new ConfigKey<>("tagging.idle.timeout",
            ValueType.DURATION, "30m", "Tagging pipelines drop the state of a sequence without events for this long.");
    public static final ConfigKey<Integer> MAX_TOKEN_LENGTH = new ConfigKey<>("tagging.max.token.length",
            ValueType.POSITIVE, String.valueOf(defaults("any").maxTokenLength()), "Tagging pipelines dead-letter longer tokens"
            + " (and tags); times tagging.history.length + 1 at most 20000, the characters a sequence's state keeps.");
    public static final ConfigKey<Integer> HISTORY_LENGTH = new ConfigKey<>("tagging.history.length",
            ValueType.POSITIVE, String.valueOf(defaults("any").historyLength()),
            "Inputs kept per sequence to rebuild its recurrent state under a new model after a hot swap.");
    public static final ConfigKey<Integer> BATCH_SIZE = new ConfigKey<>("tagging.batch.size", ValueType.POSITIVE,
            String.valueOf(defaults("any").batchSize()), "Tagging pipelines step each event as it comes (1), or buffer"
            + " events in a changelogged store and step up to this many sequences in one call of the batched engine.");
    public static final ConfigKey<Duration> BATCH_MAX_WAIT = new ConfigKey<>("tagging.batch.max.wait", ValueType.DURATION,
            "50ms", "With tagging.batch.size over 1: the longest a buffered event waits for its batch to fill.");
    /** The settings every tagging task reads. */
    public static final List<ConfigKey<?>> KEYS = List.of(IDLE_TIMEOUT, MAX_TOKEN_LENGTH, HISTORY_LENGTH, BATCH_SIZE,
            BATCH_MAX_WAIT);

    /** Whether events are buffered and stepped in batches. */
    public boolean batched() {
        return batchSize > 1;
    }

    /** The store of the events waiting for their batch. */
    public String pendingStoreName() {
        return storeName + "-pending";
    }

    /** A task's settings as configured. */
    public static TaggingSettings of(String task, Settings settings) {
        TaggingSettings defaults = defaults(task);
        return new TaggingSettings(defaults.storeName(), settings.get(IDLE_TIMEOUT), defaults.expiryInterval(),
                settings.get(MAX_TOKEN_LENGTH), settings.get(HISTORY_LENGTH), settings.get(BATCH_SIZE),
                settings.get(BATCH_MAX_WAIT));
    }

    public static TaggingSettings defaults(String task) {
        return new TaggingSettings(task + "-sequences", Duration.ofMinutes(30), Duration.ofSeconds(30), 256, 32, 1,
                Duration.ofMillis(50));
    }
}

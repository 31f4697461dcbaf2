package io.lstmstreams.state;

import io.lstmstreams.model.StateFormatException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-key recurrent state of a pipeline, typed, in the shape of Kafka's {@code MeteredKeyValueStore}: it wraps
 * the changelogged byte store, converts through the state's versioned codec, times every call into one timer
 * (tagged by operation), and expires keys idle for too long. Processors see states, never bytes. A state that does
 * not decode (corrupt bytes, a format this build does not read) is contained: the key is reset, counted and logged,
 * and its sequence starts afresh, instead of every later record of the key failing on it.
 *
 * @param <S> the state of one key (a sentence, a session, a series)
 */
public final class RecurrentStateStore<S> {

    /** The versioned bytes of a state. */
    public interface Codec<S> {

        byte[] encode(S state);

        /** @throws io.lstmstreams.model.StateFormatException bytes of an unknown version, or corrupt */
        S decode(byte[] bytes);

        /** When the key was last seen, read without decoding the whole state (idle expiry scans every key). */
        long lastSeenMs(byte[] bytes);

        static <S> Codec<S> of(Function<S, byte[]> encode, Function<byte[], S> decode, ToLongFunction<byte[]> lastSeenMs) {
            return new Codec<>() {
                @Override
                public byte[] encode(S state) {
                    return encode.apply(state);
                }

                @Override
                public S decode(byte[] bytes) {
                    return decode.apply(bytes);
                }

                @Override
                public long lastSeenMs(byte[] bytes) {
                    return lastSeenMs.applyAsLong(bytes);
                }
            };
        }
    }

    /** Timers of the store's calls, by operation, and the count of keys reset because their state did not decode. */
    public record Meters(Timer get, Timer put, Timer delete, Counter corruptResets) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(RecurrentStateStore.class);
    /** How much of a reset key the log line quotes. */
    private static final int MAX_LOGGED_KEY_CHARS = 64;

    private final KeyValueStore<String, byte[]> store;
    private final Codec<S> codec;
    private final Meters meters;

    private RecurrentStateStore(KeyValueStore<String, byte[]> store, Codec<S> codec, Meters meters) {
        this.store = store;
        this.codec = codec;
        this.meters = meters;
    }

    /** The changelogged RocksDB store to add to a topology under {@code name}. */
    public static StoreBuilder<KeyValueStore<String, byte[]>> builder(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray());
    }

    /** The store {@link #builder} added, typed; call it from a processor's {@code init}. */
    public static <S> RecurrentStateStore<S> open(ProcessingContext context, String name, Codec<S> codec, Meters meters) {
        return new RecurrentStateStore<>(context.getStateStore(name), codec, meters);
    }

    // Each call times itself in a try/finally, as MeteredKeyValueStore does, rather than through a lambda: no
    // allocation per event on the stream's hot path.

    /** The key's state, or null when it has none (or had one that did not decode, now reset). */
    public S get(String key) {
        long start = System.nanoTime();
        try {
            byte[] bytes = store.get(key);
            if (bytes == null) {
                return null;
            }
            try {
                return codec.decode(bytes);
            } catch (StateFormatException e) {
                reset(key, e);
                return null;
            }
        } finally {
            meters.get().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    public void put(String key, S state) {
        long start = System.nanoTime();
        try {
            store.put(key, codec.encode(state));
        } finally {
            meters.put().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    public void delete(String key) {
        long start = System.nanoTime();
        try {
            store.delete(key);
        } finally {
            meters.delete().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /** Keys in this store, as RocksDB estimates them. */
    public long approximateKeys() {
        return store.approximateNumEntries();
    }

    /**
     * Deletes every key last seen before {@code cutoffMs}: a sequence that stopped without an end would otherwise
     * stay forever. A scan of all keys rather than an index by last-seen time, which would add two changelogged
     * writes to every event.
     *
     * @return how many were deleted
     */
    public int expireIdle(long cutoffMs) {
        List<String> idle = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining(entry -> {
                if (lastSeenMs(entry.key, entry.value) < cutoffMs) {
                    idle.add(entry.key);
                }
            });
        }
        idle.forEach(this::delete);
        return idle.size();
    }

    /** A key whose bytes do not even say when it was last seen is reset here (and counts as not idle). */
    private long lastSeenMs(String key, byte[] bytes) {
        try {
            return codec.lastSeenMs(bytes);
        } catch (StateFormatException e) {
            reset(key, e);
            return Long.MAX_VALUE;
        }
    }

    private void reset(String key, StateFormatException cause) {
        store.delete(key);
        meters.corruptResets().increment();
        LOG.warn("state of key '{}' reset: it does not decode ({})",
                key.length() <= MAX_LOGGED_KEY_CHARS ? key : key.substring(0, MAX_LOGGED_KEY_CHARS) + "...", cause.getMessage());
    }
}

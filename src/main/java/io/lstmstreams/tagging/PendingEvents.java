package io.lstmstreams.tagging;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Input records of a batched tagging pipeline waiting for their batch, in a changelogged store keyed by their input
 * offset: written in the same transaction as the offsets that consumed them, so under exactly-once a crash loses none
 * (the store is restored with them) and applies none twice (the outputs and states of a batch commit with the
 * records' removal). An in-memory buffer would lose those whose offsets were committed (docs/operating.md). A record
 * is stored with its timestamp, key, headers (its outputs carry them, as unbatched ones do) and value.
 */
final class PendingEvents {

    /** The format byte of a stored record with headers. */
    private static final byte WITH_HEADERS = 1;

    private final KeyValueStore<Long, byte[]> store;
    private int size;
    /**
     * No waiting record has a lower offset: a batch is read from here, not from the start, where RocksDB would step
     * over the tombstones of every batch taken since its last compaction.
     */
    private long from;

    private PendingEvents(KeyValueStore<Long, byte[]> store) {
        this.store = store;
        try (KeyValueIterator<Long, byte[]> all = store.all()) {
            from = all.hasNext() ? all.peekNextKey() : 0;
            all.forEachRemaining(entry -> size++);
        }
    }

    /** The store to add to a topology under {@code name}; big-endian offsets keep RocksDB's byte order the input's. */
    static StoreBuilder<KeyValueStore<Long, byte[]>> builder(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.Long(), Serdes.ByteArray());
    }

    /** The store under {@code name}, with the records a previous owner of the task left in it. */
    static PendingEvents open(ProcessingContext context, String name) {
        return new PendingEvents(context.getStateStore(name));
    }

    int size() {
        return size;
    }

    /** @param offset the record's input offset: unique in the task, which reads one partition of the input */
    void add(long offset, Record<String, byte[]> record) {
        byte[] key = record.key().getBytes(StandardCharsets.UTF_8);
        Header[] headers = record.headers().toArray();
        byte[][] names = new byte[headers.length][];
        int length = 1 + Long.BYTES + 2 * Integer.BYTES + key.length + record.value().length;
        for (int i = 0; i < headers.length; i++) {
            names[i] = headers[i].key().getBytes(StandardCharsets.UTF_8);
            length += 2 * Integer.BYTES + names[i].length + (headers[i].value() == null ? 0 : headers[i].value().length);
        }
        ByteBuffer buffer = ByteBuffer.allocate(length).put(WITH_HEADERS).putLong(record.timestamp());
        put(buffer, key);
        buffer.putInt(headers.length);
        for (int i = 0; i < headers.length; i++) {
            put(buffer, names[i]);
            put(buffer, headers[i].value());
        }
        store.put(offset, buffer.put(record.value()).array());
        size++;
    }

    /** Every waiting record in input order, removed from the store. */
    List<Record<String, byte[]>> takeAll() {
        List<Record<String, byte[]>> records = new ArrayList<>(size);
        List<Long> offsets = new ArrayList<>(size);
        try (KeyValueIterator<Long, byte[]> waiting = store.range(from, Long.MAX_VALUE)) {
            while (waiting.hasNext()) {
                KeyValue<Long, byte[]> entry = waiting.next();
                offsets.add(entry.key);
                records.add(decode(entry.value));
            }
        }
        offsets.forEach(store::delete);
        if (!offsets.isEmpty()) {
            from = offsets.get(offsets.size() - 1) + 1;
        }
        size = 0;
        return records;
    }

    /**
     * Reads a stored record. The first byte tells the format: {@link #WITH_HEADERS}, or 0 for the first format (no
     * headers; it began with the timestamp, whose first byte is 0 until the year 2^56 ms after 1970).
     */
    private static Record<String, byte[]> decode(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        boolean withHeaders = buffer.get(0) == WITH_HEADERS;
        if (withHeaders) {
            buffer.get();
        }
        long timestamp = buffer.getLong();
        String key = new String(take(buffer), StandardCharsets.UTF_8);
        Headers headers = new RecordHeaders();
        for (int i = withHeaders ? buffer.getInt() : 0; i > 0; i--) {
            headers.add(new String(take(buffer), StandardCharsets.UTF_8), take(buffer));
        }
        byte[] value = new byte[buffer.remaining()];
        buffer.get(value);
        return new Record<>(key, value, timestamp, headers);
    }

    /** Writes a length (-1 for null) and the bytes. */
    private static void put(ByteBuffer buffer, byte[] bytes) {
        buffer.putInt(bytes == null ? -1 : bytes.length);
        if (bytes != null) {
            buffer.put(bytes);
        }
    }

    /** Reads what {@link #put} wrote. */
    private static byte[] take(ByteBuffer buffer) {
        int length = buffer.getInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return bytes;
    }
}

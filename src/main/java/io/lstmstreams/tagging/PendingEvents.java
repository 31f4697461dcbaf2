package io.lstmstreams.tagging;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
 * records' removal). An in-memory buffer would lose those whose offsets were committed (docs/performance.md).
 */
final class PendingEvents {

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
        store.put(offset, ByteBuffer.allocate(Long.BYTES + Integer.BYTES + key.length + record.value().length)
                .putLong(record.timestamp()).putInt(key.length).put(key).put(record.value()).array());
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

    private static Record<String, byte[]> decode(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long timestamp = buffer.getLong();
        byte[] key = new byte[buffer.getInt()];
        buffer.get(key);
        byte[] value = new byte[buffer.remaining()];
        buffer.get(value);
        return new Record<>(new String(key, StandardCharsets.UTF_8), value, timestamp);
    }
}

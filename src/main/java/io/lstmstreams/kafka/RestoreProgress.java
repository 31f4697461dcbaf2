package io.lstmstreams.kafka;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * How far one pipeline's state stores are from being rebuilt from their changelogs: records still to restore, per
 * changelog partition being restored, and records restored so far. Kafka Streams calls it from its restoring
 * threads; the pipeline's meters and health read it.
 */
final class RestoreProgress implements StateRestoreListener {

    /**
     * Per changelog partition being restored: the end offset to reach and the offset reached. Written by one
     * restoring thread, read without a lock by scrapes and health checks: a value a batch old is good enough there.
     */
    private final Map<TopicPartition, long[]> restoring = new ConcurrentHashMap<>();
    private final LongAdder restored = new LongAdder();

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        restoring.put(partition, new long[]{endingOffset, startingOffset});
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        long[] offsets = restoring.get(partition);
        if (offsets != null) {
            offsets[1] = batchEndOffset;
        }
        restored.add(numRestored);
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        restoring.remove(partition);
    }

    /** The task moved to another instance, or is closing, before it finished: nothing left to restore here. */
    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        restoring.remove(partition);
    }

    /** Changelog records still to be read before every store being restored is up to date. */
    long remaining() {
        return restoring.values().stream().mapToLong(offsets -> Math.max(0, offsets[0] - offsets[1])).sum();
    }

    int partitionsRestoring() {
        return restoring.size();
    }

    long restored() {
        return restored.sum();
    }
}

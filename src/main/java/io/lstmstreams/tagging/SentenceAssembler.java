package io.lstmstreams.tagging;

import io.lstmstreams.data.Sentence;
import io.lstmstreams.retrain.LabelAssembler;
import io.lstmstreams.retrain.LabelBuffer;
import io.lstmstreams.wire.LabelRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a tagging task's per-token labels back together into labelled sentences: a sentence is complete when its
 * last label arrived and every position before it did too. At most {@code maxOpen} sentences are waiting; the
 * oldest is dropped beyond that (a sentence whose labels stopped coming would otherwise wait forever). Not
 * thread-safe.
 */
public final class SentenceAssembler implements LabelAssembler<Sentence> {

    private static final Logger LOG = LoggerFactory.getLogger(SentenceAssembler.class);

    private final String task;
    private final int maxOpen;
    private final Map<String, TreeMap<Integer, LabelRecord>> open;

    public SentenceAssembler(String task, int maxOpen) {
        this.task = task;
        this.maxOpen = maxOpen;
        this.open = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TreeMap<Integer, LabelRecord>> eldest) {
                return size() > SentenceAssembler.this.maxOpen;
            }
        };
    }

    @Override
    public Optional<LabelBuffer.Example<Sentence>> add(byte[] value) {
        LabelRecord label;
        try {
            label = LabelRecord.fromJson(value);
        } catch (RuntimeException e) {
            LOG.debug("not a label record, skipped: {}", e.getMessage());
            return Optional.empty();
        }
        return task.equals(label.task()) && label.token() != null && label.tag() != null ? add(label) : Optional.empty();
    }

    /** Adds a label of this task; returns the sentence it completes, if any. */
    Optional<LabelBuffer.Example<Sentence>> add(LabelRecord label) {
        TreeMap<Integer, LabelRecord> labels = open.computeIfAbsent(label.sequence(), id -> new TreeMap<>());
        labels.put(label.position(), label);
        if (!label.end()) {
            return Optional.empty();
        }
        open.remove(label.sequence());
        boolean complete = labels.firstKey() == 0 && labels.lastKey() == label.position()
                && labels.size() == label.position() + 1;
        if (!complete) {
            return Optional.empty();
        }
        Sentence sentence = new Sentence(label.sequence(), labels.values().stream().map(LabelRecord::token).toList(),
                labels.values().stream().map(LabelRecord::tag).toList());
        return Optional.of(new LabelBuffer.Example<>(label.sequence(), sentence, label.time()));
    }
}

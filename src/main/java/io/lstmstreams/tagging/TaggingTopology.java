package io.lstmstreams.tagging;

import io.lstmstreams.kafka.InvalidRecordException;
import io.lstmstreams.kafka.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The tagging pipeline: events keyed by sequence id in, one output per event out (a tag, or an anomaly
 * verdict), per-sequence recurrent state in a changelogged RocksDB store between the two; the gold label of every
 * event that has one goes to the labels topic, for retraining.
 */
public final class TaggingTopology {

    private static final String EVENTS = "events";
    private static final String TAGGER = "tagger";
    private static final String OUTPUTS = "outputs";
    private static final String LABELS = "labels";

    private TaggingTopology() {
    }

    /**
     * @param models the model to run, read once per record: a hot-swappable {@link io.lstmstreams.registry.LiveModel#current}, or a fixed one
     */
    public static Topology build(Topics input, Topics output, Supplier<TaggerFactory> models, TaggingSettings settings) {
        return new Topology()
                .addSource(EVENTS, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), input.topicName())
                .addProcessor(TAGGER, () -> new SequenceProcessor(models, settings), EVENTS)
                .addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(settings.storeName()), Serdes.String(), Serdes.ByteArray()), TAGGER)
                .addSink(OUTPUTS, output.topicName(), Serdes.String().serializer(), Serdes.ByteArray().serializer(), TAGGER)
                .addSink(LABELS, Topics.LABELS.topicName(), Serdes.String().serializer(), Serdes.ByteArray().serializer(), TAGGER);
    }

    /** Loads the key's state, runs the tagger, stores the new state (or drops it at the end), emits. */
    private static final class SequenceProcessor implements Processor<String, byte[], String, byte[]> {

        private final Supplier<TaggerFactory> models;
        private final TaggingSettings settings;
        /** Made anew when the model's version changes: a tagger holds scratch buffers, so one per stream task. */
        private SequenceTagger tagger;
        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<String, byte[]> store;

        SequenceProcessor(Supplier<TaggerFactory> models, TaggingSettings settings) {
            this.models = models;
            this.settings = settings;
        }

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.store = context.getStateStore(settings.storeName());
            context.schedule(settings.expiryInterval(), PunctuationType.WALL_CLOCK_TIME, this::expireIdle);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            TaggerFactory model = models.get(); // once per record: a swap lands between two records
            if (tagger == null || tagger.modelVersion() != model.version()) {
                tagger = model.newTagger();
            }
            if (record.key() == null) {
                throw new InvalidRecordException("record has no key: the key is the sequence id");
            }
            TokenEvent event = TokenEvent.parse(record.value(), settings.maxTokenLength());
            byte[] stored = store.get(record.key());
            SequenceState state = stored == null ? tagger.newState() : SequenceStateCodec.decode(stored);
            int position = state.position();
            for (byte[] output : tagger.process(record.key(), state, event, settings.historyLength())) {
                context.forward(record.withValue(output), OUTPUTS);
            }
            if (event.tag() != null) {
                LabelRecord label = new LabelRecord(LabelRecord.FORMAT_VERSION, tagger.task(), record.key(), position,
                        event.token(), event.tag(), event.end(), record.timestamp());
                context.forward(record.withValue(label.toJson()), LABELS);
            }
            if (event.end()) {
                store.delete(record.key());
            } else {
                state.touch(context.currentSystemTimeMs());
                store.put(record.key(), SequenceStateCodec.encode(state));
            }
        }

        /**
         * Drops sequences that stopped without an end: their state would otherwise stay forever. A scan of the open
         * sequences once per interval, rather than an index by last-seen time, which would add two changelogged
         * writes to every event.
         */
        private void expireIdle(long nowMs) {
            long cutoff = nowMs - settings.idleTimeout().toMillis();
            List<String> idle = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> all = store.all()) {
                all.forEachRemaining(entry -> {
                    if (SequenceStateCodec.lastSeenMs(entry.value) < cutoff) {
                        idle.add(entry.key);
                    }
                });
            }
            idle.forEach(store::delete);
        }
    }
}

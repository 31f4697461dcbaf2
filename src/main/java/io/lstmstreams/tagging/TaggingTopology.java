package io.lstmstreams.tagging;

import io.lstmstreams.kafka.InvalidRecordException;
import io.lstmstreams.kafka.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The tagging pipeline: events keyed by sequence id in, one output per event out (a tag, or an anomaly
 * verdict), per-sequence recurrent state in a changelogged RocksDB store between the two.
 */
public final class TaggingTopology {

    private TaggingTopology() {
    }

    /**
     * @param taggers makes one tagger per stream task (a tagger holds scratch buffers and is not thread-safe)
     */
    public static Topology build(Topics input, Topics output, Supplier<SequenceTagger> taggers, TaggingSettings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(settings.storeName()), Serdes.String(), Serdes.ByteArray()));

        builder.stream(input.topicName(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .process(() -> new SequenceProcessor(taggers.get(), settings), settings.storeName())
                .to(output.topicName(), Produced.with(Serdes.String(), Serdes.ByteArray()));
        return builder.build();
    }

    /** Loads the key's state, runs the tagger, stores the new state (or drops it at the end), emits. */
    private static final class SequenceProcessor implements Processor<String, byte[], String, byte[]> {

        private final SequenceTagger tagger;
        private final TaggingSettings settings;
        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<String, byte[]> store;

        SequenceProcessor(SequenceTagger tagger, TaggingSettings settings) {
            this.tagger = tagger;
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
            if (record.key() == null) {
                throw new InvalidRecordException("record has no key: the key is the sequence id");
            }
            TokenEvent event = TokenEvent.parse(record.value(), settings.maxTokenLength());
            byte[] stored = store.get(record.key());
            SequenceState state = stored == null ? tagger.newState() : SequenceStateCodec.decode(stored);
            for (byte[] output : tagger.accept(record.key(), state, event)) {
                context.forward(record.withValue(output));
            }
            if (event.end()) {
                store.delete(record.key());
            } else {
                state.touch(context.currentSystemTimeMs());
                store.put(record.key(), SequenceStateCodec.encode(state));
            }
        }

        /** Drops sequences that stopped without an end: their state would otherwise stay forever. */
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

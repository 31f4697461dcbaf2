package io.lstmstreams.bench;

import io.lstmstreams.state.RecurrentStateStore;
import java.util.Arrays;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The Streams ceiling: the tagging topology's shape (source, one processor with a changelogged RocksDB store of
 * per-key state, sink) with the recurrent step replaced by a no-op update of a state of the same size: read the key's
 * bytes, change one, write them back, forward the input. What Kafka Streams alone costs per event.
 */
final class CeilingTopology {

    static final String STORE = "ceiling-state";

    private CeilingTopology() {
    }

    static Topology build(String input, String output, int stateBytes) {
        return new Topology()
                .addSource("events", new StringDeserializer(), new ByteArrayDeserializer(), input)
                .addProcessor("no-op-step", () -> new NoOpStep(stateBytes), "events")
                .addStateStore(RecurrentStateStore.builder(STORE), "no-op-step")
                .addSink("outputs", output, new StringSerializer(), new ByteArraySerializer(), "no-op-step");
    }

    private static final class NoOpStep implements Processor<String, byte[], String, byte[]> {

        private final int stateBytes;
        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<String, byte[]> store;

        NoOpStep(int stateBytes) {
            this.stateBytes = stateBytes;
        }

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            byte[] stored = store.get(record.key());
            // A copy, as a decoded and re-encoded state is: the store's cache may still hold the array it returned.
            byte[] state = stored == null ? new byte[stateBytes] : Arrays.copyOf(stored, stateBytes);
            state[0]++;
            store.put(record.key(), state);
            context.forward(record);
        }
    }
}

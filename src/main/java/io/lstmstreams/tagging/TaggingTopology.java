package io.lstmstreams.tagging;

import io.lstmstreams.metrics.PipelineMeters;
import io.lstmstreams.state.RecurrentStateStore;
import io.lstmstreams.wire.InvalidRecordException;
import io.lstmstreams.wire.JsonInput;
import io.lstmstreams.wire.LabelRecord;
import io.lstmstreams.wire.Labels;
import io.lstmstreams.wire.TokenEvent;
import io.lstmstreams.wire.Topic;
import io.lstmstreams.wire.Topics;
import io.micrometer.core.instrument.Counter;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

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
    public static <O> Topology build(Topic<String, byte[]> input, Topic<String, O> output,
                                     Supplier<? extends TaggerFactory<O>> models, TaggingSettings settings,
                                     PipelineMeters meters) {
        return new Topology()
                .addSource(EVENTS, input.keys().deserializer(), input.values().deserializer(), input.topicName())
                .addProcessor(TAGGER, () -> new SequenceProcessor<>(models, settings, meters, input, output), EVENTS)
                .addStateStore(RecurrentStateStore.builder(settings.storeName()), TAGGER)
                .addSink(OUTPUTS, output.topicName(), output.keys().serializer(), output.values().serializer(), TAGGER)
                .addSink(LABELS, Topics.LABELS.topicName(), Topics.LABELS.keys().serializer(),
                        Topics.LABELS.values().serializer(), TAGGER);
    }

    /** Loads the key's state, runs the tagger, stores the new state (or drops it at the end), emits. */
    private static final class SequenceProcessor<O> implements Processor<String, byte[], String, Object> {

        private final Supplier<? extends TaggerFactory<O>> models;
        private final TaggingSettings settings;
        private final PipelineMeters meters;
        private final String outputTopic;
        private final Counter in;
        private final Counter invalid;
        private final Counter labels;
        private Counter out;
        /** Of the running version, made on first use: a task whose outputs never flag or agree makes none. */
        private Counter correct;
        private Counter wrong;
        private Counter anomalies;
        /** Made anew when the model's version changes: a tagger holds scratch buffers, so one per stream task. */
        private SequenceTagger<O> tagger;
        private ProcessorContext<String, Object> context;
        private RecurrentStateStore<SequenceState> store;

        SequenceProcessor(Supplier<? extends TaggerFactory<O>> models, TaggingSettings settings, PipelineMeters meters,
                          Topic<String, byte[]> input, Topic<String, O> output) {
            this.models = models;
            this.settings = settings;
            this.meters = meters;
            this.outputTopic = output.topicName();
            this.in = meters.recordsIn(input.topicName());
            this.invalid = meters.deadLetters("invalid");
            this.labels = meters.recordsOut(Topics.LABELS.topicName(), 0);
        }

        @Override
        public void init(ProcessorContext<String, Object> context) {
            this.context = context;
            this.store = RecurrentStateStore.open(context, settings.storeName(), SequenceStateCodec.CODEC, meters.storeMeters());
            meters.watchKeys(store, RecurrentStateStore::approximateKeys);
            context.schedule(settings.expiryInterval(), PunctuationType.WALL_CLOCK_TIME,
                    now -> store.expireIdle(now - settings.idleTimeout().toMillis()));
        }

        @Override
        public void process(Record<String, byte[]> record) {
            in.increment();
            TaggerFactory<O> model = models.get(); // once per record: a swap lands between two records
            if (tagger == null || tagger.modelVersion() != model.version()) {
                tagger = model.newTagger();
                out = meters.recordsOut(outputTopic, model.version());
                correct = null;
                wrong = null;
                anomalies = null;
            }
            TokenEvent event;
            try {
                JsonInput.key(record.key(), "the sequence id");
                event = TokenEvent.parse(record.value(), settings.maxTokenLength());
            } catch (InvalidRecordException e) {
                invalid.increment();
                throw e;
            }
            long start = System.nanoTime();
            SequenceState state = store.get(record.key());
            if (state == null) {
                state = tagger.newState();
            }
            int position = state.position();
            for (O output : tagger.process(record.key(), state, event, settings.historyLength())) {
                context.forward(record.withValue((Object) output), OUTPUTS);
                out.increment();
                meters.outputOf(record.timestamp());
                judge(output, event);
            }
            if (event.tag() != null) {
                LabelRecord label = new LabelRecord(LabelRecord.FORMAT_VERSION, tagger.task(), record.key(), position,
                        event.token(), event.tag(), event.end(), record.timestamp());
                context.forward(new Record<String, Object>(record.key(), label.toJson(), record.timestamp(),
                        Labels.of(tagger.task())), LABELS);
                labels.increment();
            }
            if (event.end()) {
                store.delete(record.key());
            } else {
                state.touch(context.currentSystemTimeMs());
                store.put(record.key(), state);
            }
            meters.step().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }

        /** Counts an output towards online accuracy and the anomaly rate, as far as the tagger can judge it. */
        private void judge(O output, TokenEvent event) {
            Boolean agrees = tagger.agreesWithGold(output, event);
            if (Boolean.TRUE.equals(agrees)) {
                if (correct == null) {
                    correct = meters.labelledOutputs(tagger.modelVersion(), true);
                }
                correct.increment();
            } else if (Boolean.FALSE.equals(agrees)) {
                if (wrong == null) {
                    wrong = meters.labelledOutputs(tagger.modelVersion(), false);
                }
                wrong.increment();
            }
            Boolean anomalous = tagger.anomalous(output);
            if (anomalous != null) {
                if (anomalies == null) {
                    anomalies = meters.anomalies(tagger.modelVersion());
                }
                if (anomalous) {
                    anomalies.increment();
                }
            }
        }
    }
}

package io.lstmstreams.tagging;

import io.lstmstreams.metrics.PipelineMeters;
import io.lstmstreams.model.KeysStepper;
import io.lstmstreams.model.RecurrentState;
import io.lstmstreams.state.RecurrentStateStore;
import io.lstmstreams.wire.InvalidRecordException;
import io.lstmstreams.wire.JsonInput;
import io.lstmstreams.wire.LabelRecord;
import io.lstmstreams.wire.Labels;
import io.lstmstreams.wire.TokenEvent;
import io.lstmstreams.wire.Topic;
import io.lstmstreams.wire.Topics;
import io.micrometer.core.instrument.Counter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        Topology topology = new Topology()
                .addSource(EVENTS, input.keys().deserializer(), input.values().deserializer(), input.topicName())
                .addProcessor(TAGGER, () -> new SequenceProcessor<>(models, settings, meters, input, output), EVENTS)
                .addStateStore(RecurrentStateStore.builder(settings.storeName()), TAGGER)
                .addSink(OUTPUTS, output.topicName(), output.keys().serializer(), output.values().serializer(), TAGGER)
                .addSink(LABELS, Topics.LABELS.topicName(), Topics.LABELS.keys().serializer(),
                        Topics.LABELS.values().serializer(), TAGGER);
        return settings.batched() ? topology.addStateStore(PendingEvents.builder(settings.pendingStoreName()), TAGGER) : topology;
    }

    /**
     * Loads the key's state, runs the tagger, stores the new state (or drops it at the end), emits. Batched, it buffers
     * the event instead and steps the buffered events together when the batch is full or its wait is over: each round
     * of a batch takes the next event of every sequence in it, so a sequence's events keep their order.
     */
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
        /** Batched only: the engine over the tagger's model, and the events waiting for it. */
        private KeysStepper batchStepper;
        private PendingEvents pending;
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
            if (settings.batched()) {
                pending = PendingEvents.open(context, settings.pendingStoreName());
                context.schedule(settings.batchMaxWait(), PunctuationType.WALL_CLOCK_TIME, now -> stepPending());
            }
        }

        @Override
        public void process(Record<String, byte[]> record) {
            in.increment();
            SequenceTagger<O> tagger = currentTagger(); // once per record: a swap lands between two records
            TokenEvent event;
            try {
                event = parse(record);
                if (pending != null) {
                    tagger.check(event);
                }
            } catch (InvalidRecordException e) {
                invalid.increment();
                throw e;
            }
            if (pending != null) {
                pending.add(context.recordMetadata().orElseThrow().offset(), record);
                if (pending.size() >= settings.batchSize()) {
                    stepPending();
                }
                return;
            }
            long start = System.nanoTime();
            SequenceState state = load(record.key());
            int position = state.position();
            publish(record, event, position, tagger.process(record.key(), state, event, settings.historyLength()));
            save(record.key(), event.end() ? null : state);
            meters.step().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }

        private SequenceTagger<O> currentTagger() {
            TaggerFactory<O> model = models.get();
            if (tagger == null || tagger.modelVersion() != model.version()) {
                tagger = model.newTagger();
                batchStepper = pending == null ? null : KeysStepper.forBackend(tagger.weights());
                out = meters.recordsOut(outputTopic, model.version());
                correct = null;
                wrong = null;
                anomalies = null;
            }
            return tagger;
        }

        private TokenEvent parse(Record<String, byte[]> record) {
            JsonInput.key(record.key(), "the sequence id");
            return TokenEvent.parse(record.value(), settings.maxTokenLength());
        }

        private SequenceState load(String key) {
            SequenceState state = store.get(key);
            return state == null ? tagger.newState() : state;
        }

        /** Stores the sequence's state, or drops it when null (the sequence ended). */
        private void save(String key, SequenceState state) {
            if (state == null) {
                store.delete(key);
            } else {
                state.touch(context.currentSystemTimeMs());
                store.put(key, state);
            }
        }

        /** Steps every buffered event, a round at a time, and saves each sequence's state once. */
        private void stepPending() {
            if (pending.size() == 0) {
                return;
            }
            long start = System.nanoTime();
            SequenceTagger<O> tagger = currentTagger();
            List<Record<String, byte[]>> rest = pending.takeAll();
            int events = rest.size();
            Map<String, SequenceState> states = new HashMap<>(); // null: the sequence ended in this batch
            while (!rest.isEmpty()) {
                List<Record<String, byte[]>> round = new ArrayList<>();
                List<Record<String, byte[]>> later = new ArrayList<>();
                Set<String> keys = new HashSet<>();
                for (Record<String, byte[]> record : rest) {
                    (keys.add(record.key()) ? round : later).add(record);
                }
                stepTogether(tagger, round, states);
                rest = later;
            }
            states.forEach(this::save);
            long perEvent = (System.nanoTime() - start) / events;
            for (int i = 0; i < events; i++) {
                meters.step().record(perEvent, TimeUnit.NANOSECONDS);
            }
        }

        /** One event of each of {@code round}'s sequences, their steps taken together through the batched engine. */
        private void stepTogether(SequenceTagger<O> tagger, List<Record<String, byte[]>> round, Map<String, SequenceState> states) {
            int size = round.size();
            List<TokenEvent> events = new ArrayList<>(size);
            List<SequenceState> sequences = new ArrayList<>(size);
            List<SequenceTagger.Steps<O>> steps = new ArrayList<>(size);
            int[] positions = new int[size];
            for (int i = 0; i < size; i++) {
                Record<String, byte[]> record = round.get(i);
                TokenEvent event = parse(record); // checked when it came
                SequenceState state = states.containsKey(record.key()) ? states.get(record.key()) : store.get(record.key());
                if (state == null) {
                    state = tagger.newState();
                }
                positions[i] = state.position();
                events.add(event);
                sequences.add(state);
                steps.add(tagger.begin(record.key(), state, event, settings.historyLength()));
            }
            List<RecurrentState> stepping = new ArrayList<>(size);
            List<int[]> inputs = new ArrayList<>(size);
            List<SequenceTagger.Steps<O>> taking = new ArrayList<>(size);
            int outputs = tagger.weights().spec().head().outputs();
            while (true) {
                stepping.clear();
                inputs.clear();
                taking.clear();
                for (int i = 0; i < size; i++) {
                    int[] input = steps.get(i).nextInput();
                    if (input != null) {
                        stepping.add(sequences.get(i).recurrent());
                        inputs.add(input);
                        taking.add(steps.get(i));
                    }
                }
                if (taking.isEmpty()) {
                    break;
                }
                float[][] stepped = new float[taking.size()][outputs];
                batchStepper.step(stepping, inputs.toArray(int[][]::new), stepped);
                for (int i = 0; i < taking.size(); i++) {
                    taking.get(i).stepped(stepped[i]);
                }
            }
            for (int i = 0; i < size; i++) {
                Record<String, byte[]> record = round.get(i);
                publish(record, events.get(i), positions[i], steps.get(i).outputs());
                states.put(record.key(), events.get(i).end() ? null : sequences.get(i));
            }
        }

        /** Forwards an event's outputs, and its gold label to the labels topic. */
        private void publish(Record<String, byte[]> record, TokenEvent event, int position, List<O> outputs) {
            for (O output : outputs) {
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

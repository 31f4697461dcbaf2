package io.lstmstreams.task;

import io.lstmstreams.config.Settings;
import io.lstmstreams.kafka.CommittedRecords;
import io.lstmstreams.kafka.EmbeddedKafkaBroker;
import io.lstmstreams.kafka.PositionedOutputs;
import io.lstmstreams.kafka.StreamsProperties;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.registry.LiveModel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * What a task's pipeline outputs for an input when nothing interrupts it: its topology, at default settings, on one
 * fixed model, in a {@link TopologyTestDriver}. The reference a crashed, rebalanced or restarted run is compared with.
 */
public final class UninterruptedRun {

    private UninterruptedRun() {
    }

    /** One task's share of a run: its pipeline, the model it ran, and how many input records it was sent. */
    public record Share<M extends LiveModel.Swappable<M>>(Task<M, ?> task, ModelBundle bundle, int inputs) {
    }

    /**
     * Reads the task's committed input back from the broker, runs it uninterrupted, and compares every output topic,
     * read committed, with it per (key, position).
     *
     * @param inputs how many input records the broker must hold, no more
     * @return the outputs compared
     * @throws AssertionError outputs are missing, repeated, changed or unexpected, the input count differs, or an
     *                        output topic has nothing to compare
     */
    public static <M extends LiveModel.Swappable<M>> int assertCommittedOutputsMatch(
            EmbeddedKafkaBroker broker, Task<M, ?> task, ModelBundle bundle, int inputs, List<String> outputs, Path stateDir) {
        return assertCommittedOutputsMatch(broker, List.of(new Share<>(task, bundle, inputs)), outputs, stateDir);
    }

    /**
     * As above for several pipelines run side by side: an output topic two of them write (lstm.labels) must hold
     * both references' outputs, their keys (sentence, session) apart, and nothing else.
     */
    public static int assertCommittedOutputsMatch(EmbeddedKafkaBroker broker, List<Share<?>> shares, List<String> outputs,
                                                  Path stateDir) {
        return assertCommittedOutputsMatch(broker, shares, outputs, stateDir, 0);
    }

    /** As above, fractional numbers within {@code tolerance}: for a run on another step engine than the reference's. */
    public static int assertCommittedOutputsMatch(EmbeddedKafkaBroker broker, List<Share<?>> shares, List<String> outputs,
                                                  Path stateDir, double tolerance) {
        Map<String, List<KeyValue<String, byte[]>>> expected = new LinkedHashMap<>();
        outputs.forEach(topic -> expected.put(topic, new ArrayList<>()));
        for (Share<?> share : shares) {
            reference(broker, share, outputs, stateDir.resolve(share.task().name()))
                    .forEach((topic, records) -> expected.get(topic).addAll(records));
        }
        int compared = 0;
        for (Map.Entry<String, List<KeyValue<String, byte[]>>> topic : expected.entrySet()) {
            if (topic.getValue().isEmpty()) {
                throw new AssertionError(topic.getKey() + ": the uninterrupted run wrote nothing, so nothing is compared");
            }
            List<KeyValue<String, byte[]>> committed = CommittedRecords.records(broker, topic.getKey(),
                    topic.getValue().size()).stream().map(record -> KeyValue.pair(record.key(), record.value())).toList();
            PositionedOutputs.assertSame(topic.getKey(), topic.getValue(), committed, tolerance);
            compared += topic.getValue().size();
            System.out.printf("compared %s=%d%n", topic.getKey(), topic.getValue().size());
        }
        return compared;
    }

    /**
     * The share's committed input, read back, run uninterrupted: each partition on its own, as its task runs it, so
     * that what depends on a task's stream time (a forecast window's closing) is as in the run compared.
     */
    private static <M extends LiveModel.Swappable<M>> Map<String, List<KeyValue<String, byte[]>>> reference(
            EmbeddedKafkaBroker broker, Share<M> share, List<String> outputs, Path stateDir) {
        String topic = share.task().input().topicName();
        List<ConsumerRecord<String, byte[]>> input = CommittedRecords.records(broker, topic, share.inputs());
        if (input.size() != share.inputs()) {
            throw new AssertionError(topic + " holds " + input.size() + " records, not " + share.inputs());
        }
        Map<Integer, List<ConsumerRecord<String, byte[]>>> partitions = new TreeMap<>();
        input.forEach(record -> partitions.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(record));
        Map<String, List<KeyValue<String, byte[]>>> written = new LinkedHashMap<>();
        partitions.forEach((partition, records) -> outputs(share.task(), share.bundle(), records, outputs,
                stateDir.resolve("partition-" + partition)).forEach((output, values) ->
                written.computeIfAbsent(output, o -> new ArrayList<>()).addAll(values)));
        return written;
    }

    /**
     * @param input   the records as the broker holds them (per-partition order, timestamps), e.g. read back committed
     * @param outputs the topics to collect
     * @return each output topic's records, in the order the topology wrote them
     */
    public static <M extends LiveModel.Swappable<M>> Map<String, List<KeyValue<String, byte[]>>> outputs(
            Task<M, ?> task, ModelBundle bundle, List<ConsumerRecord<String, byte[]>> input, List<String> outputs,
            Path stateDir) {
        M model = task.model(bundle, Settings.defaults());
        Map<String, List<KeyValue<String, byte[]>>> written = new LinkedHashMap<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(
                task.topology(() -> model, Settings.defaults(), new SimpleMeterRegistry()),
                StreamsProperties.base("uninterrupted-" + task.name(), "127.0.0.1:1", stateDir))) {
            TestInputTopic<String, byte[]> topic = driver.createInputTopic(task.input().topicName(),
                    new StringSerializer(), new ByteArraySerializer());
            input.forEach(record -> topic.pipeInput(record.key(), record.value(), record.timestamp()));
            for (String output : outputs) {
                written.put(output, driver.createOutputTopic(output, new StringDeserializer(), new ByteArrayDeserializer())
                        .readKeyValuesToList());
            }
        }
        return written;
    }
}

package io.lstmstreams.task;

import io.lstmstreams.config.Settings;
import io.lstmstreams.kafka.StreamsProperties;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.registry.LiveModel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

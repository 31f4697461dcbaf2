package io.lstmstreams.registry;

import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.wire.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes to the model registry, the compacted models topic: bundles under {@code <task>/<version>} and each task's
 * {@link CurrentVersion} pointer under {@code <task>/current}. Every write waits for the broker's acknowledgement.
 */
public final class ModelRegistry implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    /** @param clientConfig producer settings: bootstrap servers and security */
    public ModelRegistry(Map<String, Object> clientConfig) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, (int) ModelsTopic.MAX_BUNDLE_BYTES);
        // the default 32 MiB of send buffer is smaller than the largest bundle the topic takes
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, ModelsTopic.MAX_BUNDLE_BYTES + (1 << 20));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    public static ModelRegistry at(String bootstrapServers) {
        return new ModelRegistry(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** Publishes a bundle under its task and version; it runs nowhere until a pointer names it. */
    public void publish(ModelBundle bundle) {
        send(RegistryKey.bundle(bundle.metadata().task(), bundle.metadata().modelVersion()), bundle.toBytes());
    }

    /** Points a task at a version: every instance following the registry swaps to it. */
    public void point(String task, CurrentVersion pointer) {
        send(RegistryKey.current(task), pointer.toJson());
    }

    /** Publishes a bundle and makes it current (not pinned). */
    public void promote(ModelBundle bundle, String reason) {
        publish(bundle);
        point(bundle.metadata().task(), CurrentVersion.of(bundle.metadata().modelVersion(), false, reason));
    }

    private void send(RegistryKey key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(Topics.MODELS.topicName(), key.toString(), value)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not write " + key + " to " + Topics.MODELS.topicName() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing " + key, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}

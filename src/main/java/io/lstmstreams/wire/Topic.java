package io.lstmstreams.wire;

import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * One topic bound to its definition ({@code topics/<name>.json}: name, partitions, configs) and the serdes of its
 * keys and values, so that no topology, consumer, replay or test names a topic or picks a serde on its own.
 */
public final class Topic<K, V> {

    /**
     * Values written through a binding may be at most this long. A larger one is refused by its serializer, before
     * the producer sees it: the producer would refuse a record over {@code max.request.size} (1 MiB) itself, and
     * under exactly-once that aborts the whole transaction, so the pipeline would retry the same input forever.
     */
    public static final int MAX_VALUE_BYTES = 512 * 1024;

    private final TopicDefinition definition;
    private final Serde<K> keys;
    private final Serde<V> values;

    private Topic(TopicDefinition definition, Serde<K> keys, Serde<V> values) {
        this.definition = definition;
        this.keys = keys;
        this.values = Serdes.serdeFrom(limited(values.serializer()), values.deserializer());
    }

    /**
     * @param kebab {@code forecast-errors} for {@code topics/forecast-errors.json}, which must define
     *              {@code lstm.forecast-errors}: a file copied for a new topic but not renamed inside would
     *              otherwise silently alias two bindings
     */
    static <K, V> Topic<K, V> of(String kebab, Serde<K> keys, Serde<V> values) {
        TopicDefinition definition = TopicDefinition.fromClasspath("topics/" + kebab + ".json");
        if (!definition.name().equals("lstm." + kebab)) {
            throw new TopicDefinitionException("topics/" + kebab + ".json: name must be 'lstm." + kebab
                    + "', was '" + definition.name() + "'");
        }
        return new Topic<>(definition, keys, values);
    }

    public String topicName() {
        return definition.name();
    }

    public TopicDefinition definition() {
        return definition;
    }

    public Serde<K> keys() {
        return keys;
    }

    public Serde<V> values() {
        return values;
    }

    /** How a topology reads this topic. */
    public Consumed<K, V> consumed() {
        return Consumed.with(keys, values);
    }

    /** How a topology writes this topic. */
    public Produced<K, V> produced() {
        return Produced.with(keys, values);
    }

    private static <V> Serializer<V> limited(Serializer<V> serializer) {
        return (topic, value) -> {
            byte[] bytes = serializer.serialize(topic, value);
            if (bytes != null && bytes.length > MAX_VALUE_BYTES) {
                throw new RecordTooLargeException("a value of " + bytes.length + " bytes for " + topic
                        + " is over the limit of " + MAX_VALUE_BYTES);
            }
            return bytes;
        };
    }

    @Override
    public String toString() {
        return topicName();
    }
}

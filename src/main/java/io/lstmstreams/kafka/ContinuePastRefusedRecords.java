package io.lstmstreams.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record the producer refuses for good (too large, or one its serializer refuses) is counted in
 * {@code lstm.production.errors{topic,exception}} and skipped, with a bounded dead letter of the input it came from,
 * instead of stopping the stream thread; retrying would refuse the same record again, forever. A dead letter that
 * cannot be sent is not dead-lettered again: that loop is what overflowed Kafka Streams' stack. Retriable errors
 * (a broker away) are retried, as by default.
 *
 * <p>Under exactly-once a record the broker or producer refuses at send time still aborts the transaction: only
 * records stopped before the producer (by the size limit of {@code io.lstmstreams.wire.Topic}'s serializers) are
 * skipped without one; input validation keeps outputs far below either limit.
 */
public final class ContinuePastRefusedRecords implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ContinuePastRefusedRecords.class);

    private final MeterRegistry registry;
    private String deadLetters;

    /** Counts into Micrometer's global registry, the one {@code run} serves. */
    public ContinuePastRefusedRecords() {
        this(Metrics.globalRegistry);
    }

    ContinuePastRefusedRecords(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object name = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        deadLetters = name == null ? null : name.toString();
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RetriableException) {
            return Response.retry();
        }
        return skip(context, record.topic(), exception);
    }

    @Override
    @SuppressWarnings("rawtypes") // the interface's signature
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        return skip(context, record.topic(), exception);
    }

    private Response skip(ErrorHandlerContext context, String topic, Exception exception) {
        Counter.builder("lstm.production.errors").tag("topic", topic).tag("exception", exception.getClass().getSimpleName())
                .baseUnit("records").description("Records the pipeline could not write and skipped, by topic and exception")
                .register(registry).increment();
        LOG.warn("skipped a record for {} ({}), made from input {}-{}@{}", topic, exception.toString(),
                context.topic(), context.partition(), context.offset());
        if (deadLetters == null || deadLetters.equals(topic)) {
            return Response.resume();
        }
        return Response.resume(List.of(DeadLetters.of(deadLetters, context, exception)));
    }
}

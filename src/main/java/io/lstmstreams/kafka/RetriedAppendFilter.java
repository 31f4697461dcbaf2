package io.lstmstreams.kafka;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.slf4j.Marker;

/**
 * Drops one message of the embedded broker: with transactions v2, the first batches an exactly-once producer sends
 * to a partition can arrive out of order, the broker rejects them with {@link OutOfOrderSequenceException} and logs
 * an ERROR, and the producer retries them (Kafka treats it as retriable since KAFKA-18202; our integration tests
 * check the outputs are exact). Every other broker error still shows.
 */
public final class RetriedAppendFilter extends TurboFilter {

    private static final String REPLICA_MANAGER = "kafka.server.ReplicaManager";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        return logger != null && REPLICA_MANAGER.equals(logger.getName()) && t instanceof OutOfOrderSequenceException
                ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}

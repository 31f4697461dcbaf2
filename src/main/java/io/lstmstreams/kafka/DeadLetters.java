package io.lstmstreams.kafka;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Dead-letter records of bounded size. Kafka Streams' own dead letters copy the whole key, value, headers and stack
 * trace of the record that failed: one over the producer's {@code max.request.size} (1 MiB) could not be sent, and
 * its send-error path then recursed into a {@code StackOverflowError} that stopped the client. These carry the same
 * {@code __streams.errors.*} headers, with key, value, reason and stack trace cut to the limits below; nothing is
 * lost, since the source topic, partition and offset headers locate the original in its topic.
 */
public final class DeadLetters {

    /** The header names of Kafka Streams' own dead letters ({@code ExceptionHandlerUtils}), so readers of either match. */
    public static final String EXCEPTION = "__streams.errors.exception";
    public static final String REASON = "__streams.errors.message";
    public static final String STACK_TRACE = "__streams.errors.stacktrace";
    public static final String TOPIC = "__streams.errors.topic";
    public static final String PARTITION = "__streams.errors.partition";
    public static final String OFFSET = "__streams.errors.offset";
    /** Present when the key or value was cut: its length in bytes before. */
    public static final String KEY_BYTES = "lstm.dead-letter.key.bytes";
    public static final String VALUE_BYTES = "lstm.dead-letter.value.bytes";

    public static final int MAX_KEY_BYTES = 1024;
    public static final int MAX_VALUE_BYTES = 64 * 1024;
    public static final int MAX_REASON_CHARS = 1024;
    public static final int MAX_STACK_TRACE_CHARS = 8 * 1024;
    /** The original record's headers are copied while they fit in this, the rest are dropped. */
    public static final int MAX_COPIED_HEADER_BYTES = 16 * 1024;

    private DeadLetters() {
    }

    /** The dead letter of the record {@code context} describes, failed with {@code exception}, for {@code topic}. */
    public static ProducerRecord<byte[], byte[]> of(String topic, ErrorHandlerContext context, Exception exception) {
        byte[] key = context.sourceRawKey();
        byte[] value = context.sourceRawValue();
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, context.timestamp(),
                cut(key, MAX_KEY_BYTES), cut(value, MAX_VALUE_BYTES));
        Headers headers = record.headers();
        copy(context.headers(), headers);
        if (key != null && key.length > MAX_KEY_BYTES) {
            headers.add(KEY_BYTES, utf8(String.valueOf(key.length)));
        }
        if (value != null && value.length > MAX_VALUE_BYTES) {
            headers.add(VALUE_BYTES, utf8(String.valueOf(value.length)));
        }
        headers.add(EXCEPTION, utf8(exception.getClass().getName()));
        headers.add(REASON, utf8(cut(String.valueOf(exception.getMessage()), MAX_REASON_CHARS)));
        headers.add(STACK_TRACE, utf8(cut(stackTrace(exception), MAX_STACK_TRACE_CHARS)));
        headers.add(TOPIC, utf8(String.valueOf(context.topic())));
        headers.add(PARTITION, utf8(String.valueOf(context.partition())));
        headers.add(OFFSET, utf8(String.valueOf(context.offset())));
        return record;
    }

    private static void copy(Headers from, Headers to) {
        if (from == null) {
            return;
        }
        int left = MAX_COPIED_HEADER_BYTES;
        for (Header header : from) {
            int size = utf8(header.key()).length + (header.value() == null ? 0 : header.value().length);
            if (size <= left) {
                to.add(header);
                left -= size;
            }
        }
    }

    private static byte[] cut(byte[] bytes, int max) {
        return bytes == null || bytes.length <= max ? bytes : Arrays.copyOf(bytes, max);
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "... (" + text.length() + " characters)";
    }

    private static String stackTrace(Exception exception) {
        StringWriter trace = new StringWriter();
        exception.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

package io.lstmstreams.wire;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The labels topic carries every task's ground truth, each in its task's schema ({@link LabelRecord} for tagging,
 * {@link ForecastMessage.Realized} for forecasting). A record's {@value #TASK_HEADER} header names the task, so a
 * task's feed skips the others' records without parsing them. Records written before the header existed have none;
 * a feed parses those and keeps what is its own, as it always did.
 */
public final class Labels {

    public static final String TASK_HEADER = "lstm.task";

    private Labels() {
    }

    /** Headers of a label record of {@code task}. */
    public static Headers of(String task) {
        return new RecordHeaders().add(TASK_HEADER, task.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether a record with these headers may be {@code task}'s: its header says so, or it has none. */
    public static boolean mayBelongTo(Headers headers, String task) {
        Header header = headers.lastHeader(TASK_HEADER);
        return header == null || task.equals(new String(header.value(), StandardCharsets.UTF_8));
    }
}

package io.lstmstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FirstRecordReportTest {

    private final AtomicLong posProcessed = new AtomicLong();
    private final AtomicLong logkeysProcessed = new AtomicLong();
    private final AtomicLong uptime = new AtomicLong(4_000);
    private final StringWriter out = new StringWriter();

    @Test
    void eachPipelineIsReportedOnceWhenItProcessedItsFirstRecord() {
        Map<String, FirstRecordReport.Counts> counts = new LinkedHashMap<>();
        counts.put("pos", new FirstRecordReport.Counts(posProcessed::get, () -> 5708));
        counts.put("logkeys", new FirstRecordReport.Counts(logkeysProcessed::get, () -> 0));
        FirstRecordReport report = new FirstRecordReport(counts, uptime::get, new PrintWriter(out));

        report.run();
        assertThat(out.toString()).isEmpty();

        posProcessed.set(3);
        uptime.set(6_150);
        report.run();
        posProcessed.set(40);
        logkeysProcessed.set(1);
        uptime.set(7_000);
        report.run();
        report.run();

        assertThat(out.toString()).isEqualTo("pos: first record processed 6.2 s after the JVM started (5708 state records restored)"
                + System.lineSeparator() + "logkeys: first record processed 7.0 s after the JVM started (0 state records restored)"
                + System.lineSeparator());
    }
}

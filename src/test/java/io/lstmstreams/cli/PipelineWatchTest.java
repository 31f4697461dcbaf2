package io.lstmstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineWatchTest {

    private final Map<String, String> stopped = new LinkedHashMap<>();
    private final StringWriter err = new StringWriter();
    private final PipelineWatch watch = new PipelineWatch(() -> stopped, 2, new PrintWriter(err));

    @Test
    void aStoppedPipelineIsReportedOnceAndTheOthersGoOn() {
        watch.run();
        assertThat(watch.anyStopped()).isFalse();

        stopped.put("forecast", "forecast pipeline stopped (Kafka Streams state PENDING_ERROR)");
        watch.run();
        stopped.put("forecast", "forecast pipeline stopped (Kafka Streams state ERROR)");
        watch.run();

        assertThat(err.toString()).isEqualTo("run: forecast pipeline stopped (Kafka Streams state PENDING_ERROR);"
                + " the other pipelines go on" + System.lineSeparator());
        assertThat(watch.anyStopped()).isTrue();
    }

    @Test
    void theRunFailsWhenEveryPipelineStopped() {
        stopped.put("pos", "pos pipeline stopped");
        watch.run();
        stopped.put("logkeys", "logkeys pipeline stopped");

        assertThatThrownBy(watch::run).isInstanceOf(IllegalStateException.class).hasMessage("every pipeline stopped");
        assertThat(err.toString()).endsWith("run: logkeys pipeline stopped" + System.lineSeparator());
    }
}

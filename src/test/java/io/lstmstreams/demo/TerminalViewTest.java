package io.lstmstreams.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.wire.ForecastMessage;
import io.lstmstreams.wire.TagRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TerminalViewTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final DemoState state = new DemoState(List.of("pos", "logkeys", "forecast"), Duration.ofSeconds(60), clock::get);

    @Test
    void showsProgressEveryPipelineTheLatestSentenceAndTheTotals() {
        state.startClock();
        clock.addAndGet(30_000);
        state.tagged("pos", new TagRecord(1, "s-1", 0, "Dogs", "NOUN", 0.9, "NOUN", 1), 12);
        state.tagged("pos", new TagRecord(1, "s-1", 1, "bark", "NOUN", 0.6, "VERB", 1), 12);
        state.forecasted("forecast", new ForecastMessage.Forecast(1, "air", 2_000, 1, new double[] {11}, 1));
        state.scored(new ForecastMessage.Error(1, "air", 3_000, 1, 10, 11, 1, 12, 10.5, 1, List.of()));

        List<String> lines = TerminalView.lines(state.snapshot(), "http://127.0.0.1:8080/");

        assertThat(lines.get(0)).contains("[###############---------------]").contains("30 / 60 s")
                .contains("http://127.0.0.1:8080/");
        assertThat(lines).anyMatch(line -> line.startsWith("pos ") && line.contains("upos accuracy 0.500"));
        assertThat(lines).anyMatch(line -> line.startsWith("logkeys "));
        assertThat(lines).anyMatch(line -> line.startsWith("forecast ") && line.contains("one-step MASE 0.500 over 1 forecasts"));
        // no latency (forecasts), no verdict yet (logkeys): a dash, never NaN; the tags' 12 ms shows
        assertThat(lines).filteredOn(line -> !line.startsWith("totals: ")).noneMatch(line -> line.contains("NaN"));
        assertThat(lines).anyMatch(line -> line.startsWith("logkeys ") && line.contains("anomaly rate -;"));
        assertThat(lines).anyMatch(line -> line.matches("forecast +v1 .* - +0  one-step.*"));
        assertThat(lines).anyMatch(line -> line.matches("pos +v1 .* 12 +0  upos.*"));
        assertThat(TerminalView.plainLines(state.snapshot())).anyMatch(line -> line.contains("forecast v1") && line.contains("p99 - ms"));
        assertThat(lines).anyMatch(line -> line.startsWith("totals: events=0 tags=2"));
        assertThat(lines).contains("latest: Dogs/NOUN bark/NOUN(!VERB)");
    }

    @Test
    void onATerminalEachFrameMovesUpOverThePreviousOne() {
        StringWriter out = new StringWriter();
        TerminalView view = new TerminalView(new PrintWriter(out), true, "http://127.0.0.1:8080/");

        view.show(state.snapshot());
        int firstFrameLines = (int) out.toString().lines().count();
        view.show(state.snapshot());

        assertThat(out.toString()).startsWith("\033[J").contains("\033[" + firstFrameLines + "A\033[J");
    }

    @Test
    void offATerminalPrintsPlainLinesEveryFewSeconds() {
        StringWriter out = new StringWriter();
        TerminalView view = new TerminalView(new PrintWriter(out), false, "http://127.0.0.1:8080/");
        state.startClock();

        view.show(state.snapshot());
        clock.addAndGet(1000);
        view.show(state.snapshot());

        assertThat(out.toString()).doesNotContain("\033[").hasLineCount(3);
        clock.addAndGet(TerminalView.PLAIN_EVERY_SECONDS * 1000L);
        view.show(state.snapshot());
        assertThat(out.toString()).hasLineCount(6);
    }
}

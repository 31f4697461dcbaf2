package io.lstmstreams.demo;

import io.lstmstreams.demo.DemoSnapshot.PipelineView;
import io.lstmstreams.demo.DemoSnapshot.TaggedToken;
import io.lstmstreams.forecast.ForecastTask;
import io.lstmstreams.logkeys.LogKeysTask;
import io.lstmstreams.pos.PosTask;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The live view in the terminal: on a terminal the block is redrawn in place (ANSI: cursor up, clear below) at
 * every call; otherwise, for logs and pipes, a plain line per pipeline every {@value #PLAIN_EVERY_SECONDS} s.
 */
final class TerminalView {

    static final int PLAIN_EVERY_SECONDS = 5;
    private static final int BAR_WIDTH = 30;
    private static final int SENTENCE_WIDTH = 110;

    private final PrintWriter out;
    private final boolean ansi;
    private final String pageUrl;
    private int linesShown;
    private double lastPlainSecond = Double.NEGATIVE_INFINITY;

    TerminalView(PrintWriter out, boolean ansi, String pageUrl) {
        this.out = out;
        this.ansi = ansi;
        this.pageUrl = pageUrl;
    }

    void show(DemoSnapshot snapshot) {
        if (ansi) {
            List<String> lines = lines(snapshot, pageUrl);
            StringBuilder frame = new StringBuilder();
            if (linesShown > 0) {
                frame.append("\033[").append(linesShown).append("A");
            }
            frame.append("\033[J");
            lines.forEach(line -> frame.append(line).append('\n'));
            out.print(frame);
            out.flush();
            linesShown = lines.size();
        } else if (snapshot.elapsedSeconds() - lastPlainSecond >= PLAIN_EVERY_SECONDS) {
            lastPlainSecond = snapshot.elapsedSeconds();
            plainLines(snapshot).forEach(out::println);
            out.flush();
        }
    }

    static List<String> lines(DemoSnapshot snapshot, String pageUrl) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "lstm-streams demo %s %3.0f / %.0f s   web page: %s",
                progressBar(snapshot), snapshot.elapsedSeconds(), snapshot.durationSeconds(), pageUrl));
        lines.add(String.format(Locale.ROOT, "%-9s %6s %9s %9s %8s %7s  %s", "pipeline", "model", "events/s",
                "outputs/s", "p99 ms", "dead", "quality"));
        for (PipelineView pipeline : snapshot.pipelines()) {
            lines.add(String.format(Locale.ROOT, "%-9s %6s %9.1f %9.1f %8s %7d  %s", pipeline.name(),
                    "v" + pipeline.modelVersion(), pipeline.sentPerSecond(), pipeline.outputsPerSecond(),
                    figure("%.0f", pipeline.p99Millis()), pipeline.deadLetters(), quality(pipeline.name(), snapshot)));
        }
        lines.add(String.format(Locale.ROOT, "totals: %s", Summary.of(snapshot).line()));
        if (!snapshot.latestPromotion().isEmpty()) {
            lines.add(truncate("latest promotion: " + snapshot.latestPromotion()));
        }
        snapshot.sentences().stream().findFirst().ifPresent(sentence -> lines.add(truncate(
                "latest: " + sentence.tokens().stream().map(TerminalView::tagged).collect(Collectors.joining(" ")))));
        snapshot.recentAnomalies().stream().findFirst().ifPresent(verdict -> lines.add(String.format(Locale.ROOT,
                "latest anomaly: session %s, event %d: key %s ranked %d%s", verdict.session(), verdict.position(),
                verdict.event(), verdict.rank(), verdict.endsSession() ? String.format(Locale.ROOT, ", end p=%.1e", verdict.endProbability()) : "")));
        return lines;
    }

    static List<String> plainLines(DemoSnapshot snapshot) {
        return snapshot.pipelines().stream().map(pipeline -> String.format(Locale.ROOT,
                "demo %3.0f/%.0f s: %s v%d, %.1f events/s in, %.1f out, p99 %s ms, %d dead letters, %s",
                snapshot.elapsedSeconds(), snapshot.durationSeconds(), pipeline.name(), pipeline.modelVersion(),
                pipeline.sentPerSecond(), pipeline.outputsPerSecond(), figure("%.0f", pipeline.p99Millis()), pipeline.deadLetters(),
                quality(pipeline.name(), snapshot))).toList();
    }

    static String closingLine(DemoSnapshot snapshot) {
        return String.format(Locale.ROOT, "demo: stopped after %.0f s: %d events sent, %d dead letters, p99 latency %s ms;"
                        + " pos: %s; logkeys: %s", snapshot.elapsedSeconds(), snapshot.events(), snapshot.deadLetters(),
                figure("%.0f", snapshot.p99Millis()), quality(PosTask.NAME, snapshot), quality(LogKeysTask.NAME, snapshot));
    }

    /**
     * A figure for people: "-" where there is none yet (no verdict, no forecast scored) or none at all (forecasts
     * carry event time, so they have no latency).
     */
    private static String figure(String format, double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, format, value);
    }

    private static String quality(String pipeline, DemoSnapshot snapshot) {
        DemoSnapshot.Sessions sessions = snapshot.sessions();
        if (pipeline.equals(PosTask.NAME)) {
            return String.format(Locale.ROOT, "upos accuracy %s over %d tags", figure("%.3f", snapshot.uposAccuracy()), snapshot.tags());
        }
        if (pipeline.equals(LogKeysTask.NAME)) {
            return String.format(Locale.ROOT, "anomaly rate %s; sessions flagged: synthetic %d/%d, normal %d/%d",
                    figure("%.3f", snapshot.anomalyRate()), sessions.syntheticFlagged(), sessions.synthetic(), sessions.normalFlagged(),
                    sessions.normal());
        }
        if (pipeline.equals(ForecastTask.NAME)) {
            return String.format(Locale.ROOT, "one-step MASE %s over %d forecasts", figure("%.3f", snapshot.mase()), snapshot.forecasts());
        }
        return "";
    }

    private static String progressBar(DemoSnapshot snapshot) {
        int done = (int) Math.round(BAR_WIDTH * Math.min(1, snapshot.elapsedSeconds() / snapshot.durationSeconds()));
        return "[" + "#".repeat(done) + "-".repeat(BAR_WIDTH - done) + "]";
    }

    private static String tagged(TaggedToken token) {
        boolean wrong = token.gold() != null && !token.gold().equals(token.tag());
        return token.token() + "/" + token.tag() + (wrong ? "(!" + token.gold() + ")" : "");
    }

    private static String truncate(String line) {
        return line.length() <= SENTENCE_WIDTH ? line : line.substring(0, SENTENCE_WIDTH - 3) + "...";
    }
}

package io.lstmstreams.demo;

import io.lstmstreams.demo.DemoSnapshot.ForecastPoint;
import io.lstmstreams.demo.DemoSnapshot.PipelineView;
import io.lstmstreams.demo.DemoSnapshot.SeriesView;
import io.lstmstreams.demo.DemoSnapshot.TaggedSentence;
import io.lstmstreams.demo.DemoSnapshot.TaggedToken;
import io.lstmstreams.wire.AnomalyVerdict;
import io.lstmstreams.wire.ForecastMessage;
import io.lstmstreams.wire.TagRecord;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Everything the demo has seen, fed by the feeds (events sent) and the output reader (tags, verdicts, forecasts
 * and their errors, dead letters), read as {@link DemoSnapshot}s by the views. One lock: updates are tiny and a snapshot a second is cheap.
 */
public final class DemoState {

    static final int RECENT_SENTENCES = 6;
    static final int RECENT_ANOMALIES = 10;
    static final int RECENT_FORECASTS = 60;

    private static final class PipelineStats {
        final Throughput sentRate = new Throughput();
        final Throughput outputRate = new Throughput();
        final LatencyHistogram latency = new LatencyHistogram();
        long sent;
        long outputs;
        long deadLetters;
        long modelVersion;
    }

    private final LongSupplier clock;
    /** When the run began; 0 while the demo is still starting. */
    private long startMillis;
    private final Duration duration;
    private final Map<String, PipelineStats> pipelines = new LinkedHashMap<>();
    private final LatencyHistogram latency = new LatencyHistogram();
    /** Sentences by id, oldest first; the oldest is dropped when a new one starts. */
    private final LinkedHashMap<String, List<TaggedToken>> sentences = new LinkedHashMap<>();
    private final ArrayDeque<AnomalyVerdict> recentAnomalies = new ArrayDeque<>();
    private long tags;
    private long tagsWithGold;
    private long correctTags;
    private long verdicts;
    private long anomalies;
    private long synthetic;
    private long syntheticFlagged;
    private long normal;
    private long normalFlagged;
    private long promotions;
    private String latestPromotion = "";
    private long forecasts;
    /** One-step absolute errors of the forecaster and of seasonal naive (where it had a forecast), for MASE. */
    private double absoluteErrors;
    private double seasonalNaiveErrors;
    private final Map<String, ArrayDeque<ForecastPoint>> recentForecasts = new LinkedHashMap<>();

    /** @param pipelines the names of the pipelines, in the order the views list them */
    public DemoState(List<String> pipelines, Duration duration, LongSupplier clock) {
        this.clock = clock;
        this.duration = duration;
        pipelines.forEach(name -> this.pipelines.put(name, new PipelineStats()));
    }

    /** The run begins: elapsed time counts from now. */
    public synchronized void startClock() {
        startMillis = clock.getAsLong();
    }

    public synchronized void sent(String pipeline, int events) {
        PipelineStats stats = stats(pipeline);
        stats.sent += events;
        stats.sentRate.add(clock.getAsLong(), events);
    }

    public synchronized void tagged(String pipeline, TagRecord tag, long latencyMillis) {
        output(pipeline, tag.modelVersion(), latencyMillis);
        tags++;
        if (tag.gold() != null) {
            tagsWithGold++;
            if (tag.gold().equals(tag.tag())) {
                correctTags++;
            }
        }
        if (tag.position() == 0 || !sentences.containsKey(tag.sequence())) {
            sentences.remove(tag.sequence());
            sentences.put(tag.sequence(), new ArrayList<>());
            if (sentences.size() > RECENT_SENTENCES) {
                sentences.remove(sentences.keySet().iterator().next());
            }
        }
        sentences.get(tag.sequence()).add(new TaggedToken(tag.token(), tag.tag(), tag.probability(), tag.gold()));
    }

    public synchronized void judged(String pipeline, AnomalyVerdict verdict, long latencyMillis) {
        output(pipeline, verdict.modelVersion(), latencyMillis);
        verdicts++;
        if (verdict.anomalous()) {
            anomalies++;
            recentAnomalies.addFirst(verdict);
            if (recentAnomalies.size() > RECENT_ANOMALIES) {
                recentAnomalies.removeLast();
            }
        }
        if (verdict.endsSession()) {
            boolean flagged = verdict.sessionAnomalous();
            if (SyntheticAnomalies.isSynthetic(verdict.session())) {
                synthetic++;
                syntheticFlagged += flagged ? 1 : 0;
            } else {
                normal++;
                normalFlagged += flagged ? 1 : 0;
            }
        }
    }

    /**
     * A forecast was published. Not in the latency figures: its record time is the window's event time, which the
     * demo's forecast feed runs ahead of the wall clock.
     */
    public synchronized void forecasted(String pipeline, ForecastMessage.Forecast forecast) {
        counted(pipeline, forecast.modelVersion());
        forecasts++;
    }

    /** A forecast was scored; the one-step ones feed MASE and the chart. */
    public synchronized void scored(ForecastMessage.Error error) {
        if (error.horizon() != 1 || !Double.isFinite(error.seasonalNaive())) {
            return;
        }
        absoluteErrors += error.absError();
        seasonalNaiveErrors += Math.abs(error.seasonalNaive() - error.actual());
        ArrayDeque<ForecastPoint> points = recentForecasts.computeIfAbsent(error.series(), series -> new ArrayDeque<>());
        points.addLast(new ForecastPoint(error.windowEnd(), error.actual(), error.forecast()));
        if (points.size() > RECENT_FORECASTS) {
            points.removeFirst();
        }
    }

    /**
     * The registry pointed a task to a version. The first pointer of a task is its starter model; every later
     * one that the retrainer wrote (its reason says "retrained") is a promotion.
     */
    public synchronized void modelPointer(String task, long version, String reason) {
        if (reason != null && reason.startsWith("retrained")) {
            promotions++;
            latestPromotion = task + " v" + version + ": " + reason;
        }
    }

    public synchronized void deadLettered(String pipeline) {
        stats(pipeline).deadLetters++;
    }

    public synchronized DemoSnapshot snapshot() {
        long now = clock.getAsLong();
        List<PipelineView> views = pipelines.entrySet().stream().map(entry -> {
            PipelineStats stats = entry.getValue();
            return new PipelineView(entry.getKey(), stats.modelVersion, stats.sent, stats.outputs,
                    stats.sentRate.perSecond(now), stats.outputRate.perSecond(now), stats.latency.quantile(0.99),
                    stats.deadLetters);
        }).toList();
        List<TaggedSentence> latest = new ArrayList<>();
        sentences.forEach((id, tokens) -> latest.add(0, new TaggedSentence(id, List.copyOf(tokens))));
        return new DemoSnapshot(startMillis == 0 ? 0 : (now - startMillis) / 1000.0, duration.toMillis() / 1000.0,
                views.stream().mapToLong(PipelineView::sent).sum(), tags, verdicts, anomalies, forecasts, promotions,
                views.stream().mapToLong(PipelineView::deadLetters).sum(), ratio(correctTags, tagsWithGold),
                ratio(anomalies, verdicts), seasonalNaiveErrors == 0 ? Double.NaN : absoluteErrors / seasonalNaiveErrors,
                latency.quantile(0.99),
                new DemoSnapshot.Sessions(synthetic, syntheticFlagged, normal, normalFlagged), views, latest,
                List.copyOf(recentAnomalies), recentForecasts.entrySet().stream()
                        .map(entry -> new SeriesView(entry.getKey(), List.copyOf(entry.getValue()))).toList(),
                latestPromotion);
    }

    private void output(String pipeline, long modelVersion, long latencyMillis) {
        counted(pipeline, modelVersion);
        stats(pipeline).latency.record(latencyMillis);
        latency.record(latencyMillis);
    }

    private void counted(String pipeline, long modelVersion) {
        PipelineStats stats = stats(pipeline);
        stats.outputs++;
        stats.outputRate.add(clock.getAsLong(), 1);
        stats.modelVersion = modelVersion;
    }

    private PipelineStats stats(String pipeline) {
        PipelineStats stats = pipelines.get(pipeline);
        if (stats == null) {
            throw new IllegalArgumentException("unknown pipeline '" + pipeline + "'; known: " + pipelines.keySet());
        }
        return stats;
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }
}

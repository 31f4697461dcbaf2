package io.lstmstreams.demo;

import io.lstmstreams.wire.AnomalyVerdict;
import java.util.List;

/**
 * What the demo shows at one moment: the terminal view, the web page ({@code /api/state}, as JSON) and the
 * summary all read it.
 *
 * @param events    events the feeds sent, malformed ones included
 * @param verdicts  anomaly verdicts read, one per log event
 * @param anomalies verdicts flagged anomalous
 * @param sessions  complete log sessions, by whether they were altered on purpose and whether they were flagged
 * @param mase      one-step MASE over every scored forecast so far (MAE over seasonal naive's MAE)
 * @param series    the recent one-step forecasts of each series beside the actual values
 * @param latestPromotion what the retrainer last promoted, and why ("" before the first promotion)
 */
public record DemoSnapshot(double elapsedSeconds, double durationSeconds, long events, long tags, long verdicts,
                           long anomalies, long forecasts, long promotions, long deadLetters, double uposAccuracy,
                           double anomalyRate, double mase, double p99Millis, Sessions sessions,
                           List<PipelineView> pipelines, List<TaggedSentence> sentences,
                           List<AnomalyVerdict> recentAnomalies, List<SeriesView> series, String latestPromotion) {

    /** One pipeline: its model, its input and output counts and rates, its latency and dead letters. */
    public record PipelineView(String name, long modelVersion, long sent, long outputs, double sentPerSecond,
                               double outputsPerSecond, double p99Millis, long deadLetters) {
    }

    /** Log sessions seen to their end; synthetic ones are the deliberately altered sessions. */
    public record Sessions(long synthetic, long syntheticFlagged, long normal, long normalFlagged) {
    }

    /** The latest windows of one series whose one-step forecast was scored, oldest first. */
    public record SeriesView(String name, List<ForecastPoint> points) {
    }

    /** A window's actual value and what was forecast for it one window earlier. */
    public record ForecastPoint(long windowEnd, double actual, double forecast) {
    }

    /** The tokens of a sentence tagged so far, in order. */
    public record TaggedSentence(String id, List<TaggedToken> tokens) {
    }

    /** @param probability the model's confidence in {@code tag}; {@code gold} may be null */
    public record TaggedToken(String token, String tag, double probability, String gold) {
    }
}

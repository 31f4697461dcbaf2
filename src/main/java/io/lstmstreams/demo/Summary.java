package io.lstmstreams.demo;

import java.util.Locale;

/**
 * The run in figures; {@link #line()} is the machine-readable last line of the demo. MASE is one-step, over
 * every scored forecast.
 *
 * @param events    events the feeds sent, malformed ones included
 * @param anomalies verdicts flagged anomalous
 */
public record Summary(long events, long tags, long anomalies, long forecasts, long promotions, long deadLetters,
                      double uposAccuracy, double mase, double p99Millis) {

    public static Summary of(DemoSnapshot snapshot) {
        return new Summary(snapshot.events(), snapshot.tags(), snapshot.anomalies(), snapshot.forecasts(),
                snapshot.promotions(), snapshot.deadLetters(), snapshot.uposAccuracy(), snapshot.mase(),
                snapshot.p99Millis());
    }

    public String line() {
        return String.format(Locale.ROOT,
                "events=%d tags=%d anomalies=%d forecasts=%d promotions=%d dead_letters=%d upos_accuracy=%.4f mase=%.4f p99_ms=%.0f",
                events, tags, anomalies, forecasts, promotions, deadLetters, uposAccuracy, mase, p99Millis);
    }
}

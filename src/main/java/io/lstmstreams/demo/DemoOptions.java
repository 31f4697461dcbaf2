package io.lstmstreams.demo;

import java.nio.file.Path;
import java.time.Duration;

/**
 * @param ratePerFeed events per second each feed sends
 * @param port        of the web page; 0 picks a free one
 * @param workDir     where data, models, Kafka and state go; {@code null}: a temporary directory deleted at the end
 */
public record DemoOptions(Duration duration, double ratePerFeed, int port, Path workDir) {

    public DemoOptions {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive, got " + duration.toSeconds() + " s");
        }
        if (!(ratePerFeed > 0) || Double.isInfinite(ratePerFeed)) {
            throw new IllegalArgumentException("rate must be a positive number of events per second, got " + ratePerFeed);
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
    }
}

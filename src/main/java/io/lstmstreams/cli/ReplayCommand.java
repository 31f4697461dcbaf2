package io.lstmstreams.cli;

import io.lstmstreams.app.Tasks;
import io.lstmstreams.kafka.Replayer;
import io.lstmstreams.task.Task;
import io.lstmstreams.wire.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.KeyValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code replay pos|logkeys|forecast}: sends a data set into its input topic, one event per record, keyed by
 * sequence, or one point per row of a series, keyed by the series' name.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Send a data set into its input topic, one event per record, keyed by sentence or session;",
                "forecast: one point per row of a series CSV into lstm.series, keyed by the file's name without .csv,",
                "row i at event time start + i*W, the last row at now rounded down to a multiple of W (every point in",
                "the past), so each row is its own window when W is the pipeline's forecast.window.size. Rows with a",
                "missing value are not sent (the window is then missing). The last window closes only when a later",
                "point arrives. A broker away for up to 2 minutes loses nothing (idempotent producer); records that",
                "are still not delivered are counted, and the command exits 1 saying how many were lost."})
public final class ReplayCommand implements java.util.concurrent.Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TASK", description = "pos (CoNLL-U into lstm.tokens), logkeys (sessions into lstm.events) or forecast (a series into lstm.series).")
    String task;

    @Option(names = "--data", required = true, paramLabel = "FILE")
    Path data;

    @Mixin
    TopicsCommand.Broker broker;

    @Option(names = "--rate", defaultValue = "0", description = "Records per second; 0 = as fast as possible (default).")
    double rate;

    @Option(names = "--window-ms", defaultValue = "60000", paramLabel = "W",
            description = "forecast only: event-time milliseconds between rows (default 60000, the default window).")
    long windowMs;

    @Override
    public Integer call() {
        if (windowMs <= 0) {
            throw new ParameterException(spec.commandLine(), "--window-ms must be positive, got " + windowMs);
        }
        Task<?, ?> replayed = Tasks.require(task);
        Topic<String, byte[]> topic = replayed.input();
        List<KeyValue<String, byte[]>> records = replayed.replayRecords(data, Duration.ofMillis(windowMs));
        long start = System.nanoTime();
        long sent;
        try (Replayer replayer = new Replayer(broker.clientConfig())) {
            sent = replayer.replay(topic, records, rate);
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "records=%d sent=%d topic=%s seconds=%.1f%n", records.size(),
                sent, topic.topicName(), (System.nanoTime() - start) / 1e9);
        return ExitCodes.OK;
    }
}

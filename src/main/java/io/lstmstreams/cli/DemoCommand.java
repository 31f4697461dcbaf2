package io.lstmstreams.cli;

import io.lstmstreams.demo.Demo;
import io.lstmstreams.demo.DemoOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code demo}: the whole system on an embedded broker with the shipped data, for a bounded time. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole system on an embedded broker with real data for a bounded time.",
                "Trains small starter models on the shipped data, starts the pipelines, replays the held-apart data",
                "(and some malformed records and synthetic anomalies) at a steady rate, shows a live view here and a",
                "web page, and ends with a summary whose last line is machine-readable:",
                "events=<n> tags=<n> anomalies=<n> forecasts=<n> promotions=<n> dead_letters=<n> upos_accuracy=<x>"
                        + " mase=<x> p99_ms=<x>"})
final class DemoCommand implements Callable<Integer> {

    /** How often the live view is redrawn. */
    private static final Duration REFRESH = Duration.ofSeconds(1);

    @Option(names = "--duration", paramLabel = "S", defaultValue = "120",
            description = "Seconds to replay data for, after start-up (default: ${DEFAULT-VALUE}).")
    long durationSeconds;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "50",
            description = "Events per second each feed sends (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--port", paramLabel = "P", defaultValue = "8080",
            description = "Port of the web page on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Keep data, models, Kafka and state here (new or empty); default: a temporary directory,"
                    + " deleted at the end.")
    Path workDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        DemoOptions options;
        try {
            options = new DemoOptions(Duration.ofSeconds(durationSeconds), rate, port, workDir);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        Demo demo = Demo.start(options, out, System.console() != null);
        UntilStopped.run(options.duration(), REFRESH, demo::tick, demo::close);
        demo.summaryLines().forEach(out::println);
        out.flush();
        return ExitCodes.OK;
    }
}

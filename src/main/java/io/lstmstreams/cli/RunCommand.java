package io.lstmstreams.cli;

import io.lstmstreams.app.LstmStreamsApp;
import io.lstmstreams.app.Tasks;
import io.lstmstreams.config.ConfigKey;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code run}: the configured pipelines against a Kafka cluster, until Ctrl-C or {@code --duration}. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the configured pipelines against an existing Kafka cluster until Ctrl-C (or --duration).",
                "Checks first, starting nothing on a failure: the broker is reachable, topics match their",
                "definitions (else run 'topics create'), every model bundle loads. Prints one line per pipeline."},
        footerHeading = "%nSettings (a flag beats an LSTM_* environment variable, which beats the file, which beats"
                + " the default;%nkafka.* keys go to Kafka Streams and its clients with the prefix stripped, from the"
                + " file or --set only):%n")
final class RunCommand implements Callable<Integer> {

    /**
     * How often a running app is checked for a pipeline that stopped on its own, or that processed its first record:
     * that line times a restart, to a tenth of a second.
     */
    private static final Duration WATCH_INTERVAL = Duration.ofMillis(100);

    @Mixin
    ConfigOptions config;

    @Option(names = "--duration", paramLabel = "S", description = "Stop after this many seconds (default: run until stopped).")
    Long durationSeconds;

    private CommandSpec spec;

    /** The settings table is built from {@link Tasks#SETTINGS}, so help cannot drift from the keys. */
    @Spec
    void spec(CommandSpec spec) {
        this.spec = spec;
        // picocli formats the footer: a % in a setting's text must reach it as %%
        spec.usageMessage().footer(ConfigKey.help(Tasks.SETTINGS).stream().map(line -> line.replace("%", "%%"))
                .toArray(String[]::new));
    }

    @Override
    public Integer call() throws InterruptedException {
        if (durationSeconds != null && durationSeconds <= 0) {
            throw new ParameterException(spec.commandLine(), "--duration must be positive, got " + durationSeconds);
        }
        LstmStreamsApp app = LstmStreamsApp.start(config.load(System.getenv()));
        app.pipelines().forEach(pipeline -> out().println(pipeline.describe()));
        out().flush();
        PipelineWatch watch = new PipelineWatch(app::failures, app.pipelines().size(), spec.commandLine().getErr());
        Map<String, FirstRecordReport.Counts> counts = new LinkedHashMap<>();
        app.pipelines().forEach(started -> counts.put(started.task().name(), new FirstRecordReport.Counts(
                started.running()::processedRecords, started.running()::restoredRecords)));
        FirstRecordReport firstRecords = new FirstRecordReport(counts, ManagementFactory.getRuntimeMXBean()::getUptime, out());
        UntilStopped.run(durationSeconds == null ? null : Duration.ofSeconds(durationSeconds), WATCH_INTERVAL, () -> {
            firstRecords.run();
            watch.run();
        }, app::close);
        out().println("stopped");
        return watch.anyStopped() ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}

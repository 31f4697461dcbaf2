package io.lstmstreams.cli;

import io.lstmstreams.kafka.Replayer;
import io.lstmstreams.tagging.TaggingTask;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.KeyValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code replay pos|logkeys}: sends a data set into its input topic, one event per record, keyed by sequence. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Send a data set into its input topic, one event per record, keyed by sentence or session.")
public final class ReplayCommand implements java.util.concurrent.Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TASK", description = "pos (CoNLL-U into lstm.tokens) or logkeys (sessions into lstm.events).")
    String task;

    @Option(names = "--data", required = true, paramLabel = "FILE")
    Path data;

    @Option(names = "--bootstrap-servers", defaultValue = "127.0.0.1:9092", paramLabel = "HOST:PORT")
    String bootstrapServers;

    @Option(names = "--rate", defaultValue = "0", description = "Records per second; 0 = as fast as possible (default).")
    double rate;

    @Override
    public Integer call() {
        TaggingTask tagging = switch (task) {
            case "pos" -> TaggingTask.POS;
            case "logkeys" -> TaggingTask.LOGKEYS;
            default -> throw new IllegalArgumentException("unknown task '" + task + "': pos or logkeys");
        };
        List<KeyValue<String, byte[]>> records = tagging.records(data);
        long start = System.nanoTime();
        try (Replayer replayer = new Replayer(bootstrapServers)) {
            replayer.replay(tagging.input(), records, rate);
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "records=%d topic=%s seconds=%.1f%n", records.size(),
                tagging.input().topicName(), (System.nanoTime() - start) / 1e9);
        return ExitCodes.OK;
    }
}

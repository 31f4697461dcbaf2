package io.lstmstreams.cli;

import io.lstmstreams.kafka.BrokerStartException;
import io.lstmstreams.kafka.EmbeddedKafkaBroker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code broker}: a single-node KRaft Kafka on 127.0.0.1 from the Maven jars, for development and the demo. */
@Command(name = "broker",
        mixinStandardHelpOptions = true,
        description = {"Run a single-node Kafka broker (KRaft, broker and controller in this process) on 127.0.0.1.",
                "Prints bootstrap.servers=127.0.0.1:PORT on stdout once it answers. Topics are not auto-created:",
                "run 'topics create' against it."})
public final class BrokerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "9092", paramLabel = "PORT",
            description = "Port of the client listener; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep the data here across runs (default: a temporary directory, deleted on exit).")
    Path dataDir;

    @Option(names = "--duration", defaultValue = "0", paramLabel = "SECONDS",
            description = "Stop after this many seconds; 0 runs until Ctrl-C (default: ${DEFAULT-VALUE}).")
    long durationSeconds;

    @Override
    public Integer call() throws InterruptedException {
        if (durationSeconds < 0) {
            throw new ParameterException(spec.commandLine(), "--duration must be 0 or more, was " + durationSeconds);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EmbeddedKafkaBroker broker = dataDir == null
                ? EmbeddedKafkaBroker.inTemporaryDirectory(port)
                : new EmbeddedKafkaBroker(port, dataDir);
        long startNanos = System.nanoTime();
        try {
            broker.start();
        } catch (BrokerStartException e) {
            err.println("broker: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        // Closing from the hook makes Ctrl-C a clean shutdown: a kept data directory restarts without recovery.
        Thread shutdownHook = new Thread(broker::close, "kafka-broker-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        out.println("bootstrap.servers=" + broker.bootstrapServers());
        out.flush();
        err.printf("Kafka ready in %d ms, data in %s%s%n", Duration.ofNanos(System.nanoTime() - startNanos).toMillis(),
                broker.dataDir(), durationSeconds == 0 ? "; Ctrl-C stops it" : "; stops in " + durationSeconds + " s");
        err.flush();

        CountDownLatch neverReleased = new CountDownLatch(1);
        if (durationSeconds == 0) {
            neverReleased.await();
        } else {
            neverReleased.await(durationSeconds, TimeUnit.SECONDS);
        }
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
        broker.close();
        return ExitCodes.OK;
    }
}

package io.lstmstreams.cli;

import io.lstmstreams.bench.BenchReport;
import io.lstmstreams.bench.BenchSuite;
import io.lstmstreams.bench.StepBenchmark;
import io.lstmstreams.wire.Json;
import java.io.IOException;
import java.nio.file.Path;
import io.lstmstreams.model.CellType;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code bench}: the benchmark suite, and microbenchmarks of the engines, run on the machine that will serve. */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = {"Measure on this machine, in one run on an embedded broker: the Kafka and Kafka Streams ceilings, the"
                + " pipelines (events/s, p50/p99 at half load, exactly_once_v2 and at_least_once), the naive DL4J baseline,"
                + " the step engines against an sgemm ceiling, and what state costs. Prints a table; --out writes it as JSON.",
                "Run from the repository root (the data defaults are its files), with OMP_NUM_THREADS=1 (bin/lstm-streams sets it)."},
        subcommands = {BenchCommand.Step.class, BenchCommand.Latency.class})
public final class BenchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--quick", description = "A reduced run (under two minutes): pos H=64 and the baselines only, smaller backlogs.")
    boolean quick;

    @Option(names = "--out", description = "Write the figures as JSON to this file.")
    Path out;

    @Option(names = "--scale", defaultValue = "1", description = "Multiply every backlog, phase and key count (default:"
            + " ${DEFAULT-VALUE}); below 1 for a smoke run whose figures mean little.")
    double scale;

    @Option(names = "--ewt", defaultValue = "src/main/resources/data/ewt/en_ewt-ud-dev.conllu.gz",
            description = "Sentences for pos (default: ${DEFAULT-VALUE}).")
    Path ewt;

    @Option(names = "--hdfs", defaultValue = "src/main/resources/data/hdfs/hdfs_train",
            description = "Log sessions for logkeys (default: ${DEFAULT-VALUE}).")
    Path hdfs;

    @Option(names = "--series", defaultValue = "src/main/resources/data/series/AirPassengers.csv",
            description = "A series for forecast (default: ${DEFAULT-VALUE}).")
    Path series;

    @Override
    public Integer call() throws InterruptedException, IOException {
        if (!(scale > 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--scale must be positive, got " + scale);
        }
        BenchSuite.Sizes sizes = (quick ? BenchSuite.Sizes.quick() : BenchSuite.Sizes.all()).scaled(scale);
        String command = "bench" + (quick ? " --quick" : "") + (scale == 1 ? "" : " --scale " + scale);
        BenchReport report = BenchSuite.run(sizes, new BenchSuite.Data(ewt, hdfs, series), command, spec.commandLine().getOut());
        if (out != null) {
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), report);
            spec.commandLine().getOut().println("bench: figures written to " + out);
        }
        return ExitCodes.OK;
    }

    /** {@code bench latency}: the pos pipeline's latency with and without a training run in progress. */
    @Command(name = "latency",
            mixinStandardHelpOptions = true,
            description = "p50/p99 latency of the pos pipeline (input timestamp to committed tag) on an embedded broker at"
                    + " a steady rate, without and then during retraining runs.")
    static final class Latency implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--data", defaultValue = "src/main/resources/data/ewt/en_ewt-ud-dev.conllu.gz",
                description = "Sentences to replay and train on (default: ${DEFAULT-VALUE}).")
        java.nio.file.Path data;

        @Option(names = "--rate", defaultValue = "500", description = "Events per second (default: ${DEFAULT-VALUE}).")
        int rate;

        @Option(names = "--seconds", defaultValue = "20", description = "Length of each phase (default: ${DEFAULT-VALUE}).")
        int seconds;

        @Option(names = "--hidden", defaultValue = "64", description = "Hidden size (default: ${DEFAULT-VALUE}).")
        int hidden;

        @Option(names = "--training-sentences", defaultValue = "1000",
                description = "Sentences per training run (default: ${DEFAULT-VALUE}).")
        int trainingSentences;

        @Override
        public Integer call() throws InterruptedException {
            io.lstmstreams.bench.TrainingLatencyBenchmark.run(new io.lstmstreams.bench.TrainingLatencyBenchmark.Settings(
                    data, rate, seconds, hidden, trainingSentences), spec.commandLine().getOut());
            return ExitCodes.OK;
        }
    }

    /** {@code bench step}: microseconds per event of one recurrent step through each engine. */
    @Command(name = "step",
            mixinStandardHelpOptions = true,
            description = "Microseconds per event of one recurrent step: KeyStepper (1 key and --keys keys), BatchStepper "
                    + "(--keys keys) and DL4J rnnTimeStep (1 key and --keys keys; not for GRU). Feature input, softmax head of 17.")
    static final class Step implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--cell", defaultValue = "lstm", converter = TrainingOptions.CellConverter.class,
                description = "lstm, gru, rnn or rnn_relu (default: ${DEFAULT-VALUE}).")
        CellType cell;

        @Option(names = "--hidden", defaultValue = "64", description = "Hidden size H (default: ${DEFAULT-VALUE}).")
        int hidden;

        @Option(names = "--input", defaultValue = "32", description = "Input features I (default: ${DEFAULT-VALUE}).")
        int input;

        @Option(names = "--layers", defaultValue = "1", description = "Stacked layers (default: ${DEFAULT-VALUE}).")
        int layers;

        @Option(names = "--keys", defaultValue = "256", description = "Keys per batched call (default: ${DEFAULT-VALUE}).")
        int keys;

        @Option(names = "--members", defaultValue = "1", description = "Step an ensemble of this many models of these "
                + "sizes merged into one, as train logkeys --ensemble ships it (default: ${DEFAULT-VALUE}).")
        int members;

        @Option(names = "--seconds", defaultValue = "1", description = "Length of each round (default: ${DEFAULT-VALUE}).")
        double seconds;

        @Option(names = "--rounds", defaultValue = "5", description = "Timed rounds; the median is reported (default: ${DEFAULT-VALUE}).")
        int rounds;

        @Option(names = "--warmup", defaultValue = "2", description = "Untimed warm-up rounds first, at least (default: ${DEFAULT-VALUE}); more until 2 s have passed"
                + " and a round is not 10%% faster than the one before.")
        int warmup;

        @Override
        public Integer call() {
            StepBenchmark.run(new StepBenchmark.Settings(cell, hidden, input, layers, members, keys, seconds, rounds, warmup),
                    spec.commandLine().getOut());
            return ExitCodes.OK;
        }
    }
}

package io.lstmstreams.cli;

import io.lstmstreams.bench.StepBenchmark;
import io.lstmstreams.model.CellType;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code bench}: microbenchmarks of the engines, run on the machine that will serve. */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure the step engines on this machine.",
        subcommands = {BenchCommand.Step.class, BenchCommand.Latency.class})
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
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
            description = "Microseconds per event of one recurrent step: KeyStepper (1 key), BatchStepper and DL4J rnnTimeStep "
                    + "(1 key and --keys keys; not for GRU). Feature input, softmax head of 17.")
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

        @Option(names = "--seconds", defaultValue = "1", description = "Length of each round (default: ${DEFAULT-VALUE}).")
        double seconds;

        @Option(names = "--rounds", defaultValue = "5", description = "Timed rounds; the median is reported (default: ${DEFAULT-VALUE}).")
        int rounds;

        @Option(names = "--warmup", defaultValue = "2", description = "Untimed warm-up rounds first (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Override
        public Integer call() {
            StepBenchmark.run(new StepBenchmark.Settings(cell, hidden, input, layers, keys, seconds, rounds, warmup),
                    spec.commandLine().getOut());
            return ExitCodes.OK;
        }
    }
}

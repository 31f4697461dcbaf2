package io.lstmstreams.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** The command-line entry point: {@code bin/lstm-streams COMMAND [OPTIONS]}. */
@Command(name = "lstm-streams",
        mixinStandardHelpOptions = true,
        version = "lstm-streams 0.1.0",
        description = "Real-time sequence prediction on Kafka: per-key LSTM state, tags, anomaly verdicts and forecasts.",
        subcommands = {CommandLine.HelpCommand.class, BrokerCommand.class, TopicsCommand.class, TrainCommand.class,
                EvalCommand.class, ReplayCommand.class, BenchCommand.class, RunCommand.class, ModelsCommand.class,
                DemoCommand.class, SoakCommand.class})
public final class LstmStreams implements Runnable {

    @CommandLine.Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The full command tree; tests drive it directly. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new LstmStreams());
        cli.setExecutionExceptionHandler(LstmStreams::reportFailure);
        return cli;
    }

    /**
     * A command that fails on bad input (a missing or malformed file, an invalid bundle, an unreachable broker,
     * a wrong option value) prints one line naming the cause and exits 1; anything else is a bug and shows its trace.
     */
    private static int reportFailure(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        boolean expected = e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException
                || e instanceof io.lstmstreams.data.DataFormatException || e instanceof io.lstmstreams.kafka.TopicAdminException;
        String message = e instanceof java.nio.file.NoSuchFileException ? "file not found: " + e.getMessage() : e.getMessage();
        command.getErr().println(command.getCommandName() + ": " + message);
        if (!expected) {
            e.printStackTrace(command.getErr());
        }
        return ExitCodes.FAILURE;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}

package io.lstmstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LstmStreamsTest {

    private record Result(int exitCode, String out, String err) {
    }

    private static Result execute(String... args) {
        CommandLine cli = LstmStreams.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void helpListsEveryCommandTheProjectGrowsInto() {
        Result result = execute("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(LstmStreams.commandLine().getSubcommands().keySet())
                .contains("demo", "run", "broker", "topics", "train", "eval", "replay", "bench");
        assertThat(result.out()).containsPattern("(?m)^  topics\\s+\\S");
    }

    @Test
    void everyCommandHasItsOwnHelp() {
        for (String command : LstmStreams.commandLine().getSubcommands().keySet()) {
            if (command.equals("help")) {
                continue;
            }
            Result result = execute(command, "--help");

            assertThat(result.exitCode()).as(command).isZero();
            assertThat(result.out()).as(command).contains("Usage:").contains(command);
        }
    }

    /** A lone % in a description is a format error: picocli warns on stderr and prints the raw text. */
    @Test
    void everyHelpOfEveryLevelRendersWithoutAFormatWarning() {
        PrintStream stderr = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            helpOfAll(LstmStreams.commandLine());
        } finally {
            System.setErr(stderr);
        }
        assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    private static void helpOfAll(CommandLine command) {
        assertThat(command.getUsageMessage()).as(command.getCommandName()).contains("Usage:");
        command.getSubcommands().values().forEach(LstmStreamsTest::helpOfAll);
    }

    @Test
    void unknownCommandIsAUsageError() {
        Result result = execute("frobnicate");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("frobnicate");
    }
}

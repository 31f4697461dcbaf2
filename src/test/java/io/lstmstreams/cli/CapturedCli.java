package io.lstmstreams.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** The real command tree with stdout and stderr captured; readable while a command still runs. */
final class CapturedCli {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CommandLine commandLine = LstmStreams.commandLine()
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true));

    int execute(String... args) {
        return commandLine.execute(args);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}

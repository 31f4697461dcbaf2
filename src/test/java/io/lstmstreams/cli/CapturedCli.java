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
    private volatile int exitCode = -1;

    /** Runs a fresh command tree once. */
    static CapturedCli run(String... args) {
        CapturedCli cli = new CapturedCli();
        cli.execute(args);
        return cli;
    }

    int execute(String... args) {
        exitCode = commandLine.execute(args);
        return exitCode;
    }

    /** The exit code of the last {@link #execute}, -1 before. */
    int exitCode() {
        return exitCode;
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}

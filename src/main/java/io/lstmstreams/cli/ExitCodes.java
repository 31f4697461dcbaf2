package io.lstmstreams.cli;

/** Process exit codes of every command, documented in the README. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The command ran and failed (broker unreachable, check found differences, bad file). */
    public static final int FAILURE = 1;
    /** Wrong usage: unknown option, missing or invalid argument (picocli's own code). */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}

package io.lstmstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The usual mistakes end with one line naming the cause and exit code 1, never a stack trace. */
class CommandErrorsTest {

    @TempDir
    Path dir;

    @Test
    void missingModelFileIsNamed() {
        CapturedCli cli = CapturedCli.run("eval", "pos", "--model", dir.resolve("nope.bundle").toString(), "--data", "x");

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(cli.err()).contains("file not found").contains("nope.bundle").doesNotContain("\tat ");
    }

    @Test
    void corruptBundleIsRejectedWithTheFailedCheck() throws IOException {
        Path bundle = dir.resolve("corrupt.bundle");
        Files.write(bundle, new byte[] {'L', 'S', 'T', 'M', 'B', 'N', 'D', 'X', 0, 0, 0, 1});

        CapturedCli cli = CapturedCli.run("eval", "logkeys", "--model", bundle.toString(), "--normal", "x");

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(cli.err()).startsWith("logkeys: " + bundle + ": truncated").hasLineCount(1);
    }

    @Test
    void malformedDataFileIsNamedWithItsLine() throws IOException {
        Path sessions = dir.resolve("sessions");
        Files.writeString(sessions, "5 22 x\n");

        CapturedCli cli = CapturedCli.run("train", "logkeys", "--data", sessions.toString(), "--out", dir.resolve("m").toString());

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(cli.err()).contains("sessions:1").contains("'x'").doesNotContain("\tat ");
    }

    @Test
    void badOptionValueIsAUsageError() {
        CapturedCli cli = CapturedCli.run("train", "pos", "--data", "x", "--out", "y", "--lookahead", "two");

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("--lookahead");
    }
}

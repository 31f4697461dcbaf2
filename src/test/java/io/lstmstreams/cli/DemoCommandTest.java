package io.lstmstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoCommandTest {

    @Test
    void nonPositiveDurationIsAUsageErrorAndStartsNothing() {
        CapturedCli cli = CapturedCli.run("demo", "--duration", "0");

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("duration must be positive");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void nonPositiveRateIsAUsageError() {
        CapturedCli cli = CapturedCli.run("demo", "--rate", "-3");

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("rate must be a positive number");
    }
}

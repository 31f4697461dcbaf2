package io.lstmstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.app.Tasks;
import org.junit.jupiter.api.Test;

/** What {@code run} decides before it talks to Kafka. */
class RunCommandTest {

    @Test
    void helpListsEverySettingWithItsEnvironmentVariableAndDefault() {
        CapturedCli cli = CapturedCli.run("run", "--help");

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(cli.out()).contains("--set=KEY=VALUE", "--config=FILE", "--duration=S")
                .containsPattern("logkeys.top.g\\s+LSTM_LOGKEYS_TOP_G, default: 9");
        Tasks.SETTINGS.forEach(key -> assertThat(cli.out()).contains(key.name(), key.environmentVariable()));
    }

    @Test
    void badSettingFailsWithOneLineNamingTheKey() {
        CapturedCli cli = runPosWith("logkeys.top.g=zero");

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(cli.err()).isEqualTo("run: logkeys.top.g (--set): 'zero' is not a whole number >= 1"
                + System.lineSeparator());
    }

    @Test
    void setKeepsEverythingAfterTheFirstEqualsSignInTheValue() {
        CapturedCli cli = runPosWith("kafka.security.protocol=SASL=SSL");

        assertThat(cli.err()).startsWith("run: kafka.security.protocol (--set): Invalid value SASL=SSL for configuration"
                + " security.protocol");
    }

    @Test
    void nonPositiveDurationIsAUsageError() {
        CapturedCli cli = CapturedCli.run("run", "--bootstrap-servers", "127.0.0.1:9", "--duration", "0");

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("--duration must be positive");
    }

    /** {@code run} of the pos pipeline with one more {@code --set}; fails before it would contact the broker. */
    private static CapturedCli runPosWith(String setting) {
        return CapturedCli.run("run", "--bootstrap-servers", "127.0.0.1:9", "--set", "pipelines=pos",
                "--set", "pos.model=p", "--set", setting);
    }
}

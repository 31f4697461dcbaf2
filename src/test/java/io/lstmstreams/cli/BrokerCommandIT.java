package io.lstmstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.kafka.TopicAdmin;
import io.lstmstreams.wire.Topics;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BrokerCommandIT {

    private static final Pattern BOOTSTRAP = Pattern.compile("bootstrap\\.servers=(127\\.0\\.0\\.1:\\d+)");

    @Test
    void servesUntilDurationEndsAndPrintsItsAddress() throws Exception {
        CapturedCli cli = new CapturedCli();
        CompletableFuture<Integer> exitCode = CompletableFuture.supplyAsync(
                () -> cli.execute("broker", "--port", "0", "--duration", "4"));

        String address = awaitAddress(cli, Duration.ofSeconds(30));
        try (TopicAdmin admin = new TopicAdmin(address)) {
            assertThat(admin.check(Topics.definitions()).differences()).hasSize(Topics.ALL.size());
        }
        assertThat(exitCode.get(30, TimeUnit.SECONDS)).isEqualTo(ExitCodes.OK);
        assertThat(cli.err()).contains("Kafka ready in");
    }

    @Test
    void portInUseFailsWithAClearMessage() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CapturedCli cli = CapturedCli.run("broker", "--port", String.valueOf(taken.getLocalPort()));

            assertThat(cli.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(cli.out()).isEmpty();
            assertThat(cli.err()).isEqualTo("broker: port " + taken.getLocalPort() + " on 127.0.0.1 is already in use"
                    + System.lineSeparator());
        }
    }

    @Test
    void negativeDurationIsAUsageError() {
        CapturedCli cli = CapturedCli.run("broker", "--port", "0", "--duration", "-1");

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("--duration must be 0 or more, was -1");
    }

    private static String awaitAddress(CapturedCli cli, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher matcher = BOOTSTRAP.matcher(cli.out());
            if (matcher.find()) {
                return matcher.group(1);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no bootstrap.servers line within " + timeout + "; stderr: " + cli.err());
    }
}

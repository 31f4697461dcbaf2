package io.lstmstreams.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The Debian tools the observability checks run; a missing one fails the check with the package to install. */
final class Tools {

    static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    static final Path DOCKER_COMPOSE = Path.of("/usr/bin/docker-compose");
    /** Debian's own python3, which python3-matplotlib installs for (a pyenv one on the PATH would lack it). */
    static final Path PYTHON = Path.of("/usr/bin/python3");

    private Tools() {
    }

    /** Fails, never skips: CI installs these in {@code .ci/run}. */
    static void require(Path binary, String debianPackage) {
        assertThat(Files.isExecutable(binary)).as("%s is missing: apt-get install -y %s (.ci/run installs it)", binary,
                debianPackage).isTrue();
    }

    /** Runs a command in the repository root; its output, stdout and stderr together, when it exits 0. */
    static String run(Duration timeout, String... command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("tool", ".out"); // a file, not a pipe: a full pipe would block the tool
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
            }
            String text = Files.readString(output);
            assertThat(process.exitValue()).as("%s exited with %d:%n%s", String.join(" ", command), process.exitValue(), text)
                    .isZero();
            return text;
        } finally {
            Files.delete(output);
        }
    }
}

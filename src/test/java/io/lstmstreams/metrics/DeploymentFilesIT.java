package io.lstmstreams.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The deployment files an operator runs, checked by the tools that will read them: Prometheus' configuration and
 * alert rules with {@code promtool} (the rules' own tests included: each alert fires and stays quiet where it
 * should), the compose file with {@code docker-compose config} (there is no Docker engine to run it). Debian's
 * {@code prometheus} and {@code docker-compose} packages; missing, the check fails naming them.
 */
class DeploymentFilesIT {

    static final Path RULES = Path.of("prometheus/rules.yml");
    static final Path RULE_TESTS = Path.of("prometheus/rules.test.yml");
    static final Path PROMETHEUS_CONFIG = Path.of("prometheus/prometheus.yml");
    static final Path COMPOSE = Path.of("docker-compose.yml");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void alertRulesAreValidAndTheirTestsPass() throws Exception {
        Tools.require(Tools.PROMTOOL, "prometheus");

        assertThat(Tools.run(TIMEOUT, Tools.PROMTOOL.toString(), "check", "rules", RULES.toString())).contains("SUCCESS");
        assertThat(Tools.run(TIMEOUT, Tools.PROMTOOL.toString(), "test", "rules", RULE_TESTS.toString())).contains("SUCCESS");
    }

    @Test
    void prometheusConfigurationIsValidWithItsRules() throws Exception {
        Tools.require(Tools.PROMTOOL, "prometheus");

        assertThat(Tools.run(TIMEOUT, Tools.PROMTOOL.toString(), "check", "config", PROMETHEUS_CONFIG.toString()))
                .contains("SUCCESS").contains("rules found");
    }

    @Test
    void composeFileIsValid() throws Exception {
        Tools.require(Tools.DOCKER_COMPOSE, "docker-compose");

        Tools.run(TIMEOUT, Tools.DOCKER_COMPOSE.toString(), "-f", COMPOSE.toString(), "config", "-q");
    }
}

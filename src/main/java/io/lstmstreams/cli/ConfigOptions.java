package io.lstmstreams.cli;

import io.lstmstreams.app.AppConfig;
import io.lstmstreams.config.ConfigKey;
import io.lstmstreams.config.Setting;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options that make an {@link AppConfig}: a config file and settings that beat it. */
final class ConfigOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka to connect to: short for --set bootstrap.servers=HOST:PORT.")
    String bootstrapServers;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Settings in Java properties format; environment variables and flags beat them.")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "One setting (repeatable), beating the environment and the file; kafka.* included.")
    Map<String, String> settings = new LinkedHashMap<>();

    AppConfig load(Map<String, String> environment) {
        List<Setting> flags = new ArrayList<>();
        settings.forEach((key, value) -> flags.add(new Setting(key, value, "--set")));
        if (bootstrapServers != null) {
            flags.add(new Setting(ConfigKey.BOOTSTRAP_SERVERS.name(), bootstrapServers, "--bootstrap-servers"));
        }
        return AppConfig.load(flags, environment, file);
    }
}

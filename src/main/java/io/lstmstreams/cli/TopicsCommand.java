package io.lstmstreams.cli;

import io.lstmstreams.config.ConfigException;
import io.lstmstreams.kafka.TopicAdmin;
import io.lstmstreams.kafka.TopicAdminException;
import io.lstmstreams.kafka.TopicChanges;
import io.lstmstreams.kafka.TopicReport;
import io.lstmstreams.wire.Topics;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.ToIntFunction;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code topics create|check}: applies or verifies the definitions in {@code topics/} (carried in the jar). */
@Command(name = "topics",
        mixinStandardHelpOptions = true,
        description = "Create or check the topics defined in topics/, the single source of truth for topic settings.")
public final class TopicsCommand {

    /** The broker address and client settings, shared by the commands that talk to Kafka without {@code run}'s config. */
    static final class Broker {
        @Option(names = "--bootstrap-servers", defaultValue = "127.0.0.1:9092", paramLabel = "HOST:PORT",
                description = "Kafka to talk to (default: ${DEFAULT-VALUE}).")
        String bootstrapServers;

        @Option(names = "--command-config", paramLabel = "FILE",
                description = {"Kafka client settings in Java properties format, as Kafka's own tools take them:",
                        "security.protocol, ssl.*, sasl.*; secrets as ${env:NAME} or ${file:PATH:KEY} with",
                        "config.providers (Kafka resolves them; they are never printed)."})
        Path commandConfig;

        /** The settings of every client the command makes: the file's, then the address. */
        Map<String, Object> clientConfig() {
            Map<String, Object> config = new HashMap<>();
            if (commandConfig != null) {
                Properties file = new Properties();
                try (Reader reader = Files.newBufferedReader(commandConfig)) {
                    file.load(reader);
                } catch (IOException e) {
                    throw new ConfigException("--command-config " + commandConfig + ": cannot read it (" + e + ")");
                }
                file.stringPropertyNames().forEach(name -> config.put(name, file.getProperty(name)));
            }
            config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            return config;
        }
    }

    @Spec
    CommandSpec spec;

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create missing topics, add partitions and set configs that differ; idempotent.",
                    "Prints what it changed. Exit 1 if something cannot be fixed in place (fewer partitions,",
                    "another replication factor) or Kafka is unreachable."})
    int create(@Mixin Broker broker) {
        return withAdmin(broker, admin -> {
            TopicChanges changes = admin.create(Topics.definitions());
            spec.commandLine().getOut().println(changes.render());
            return changes.isComplete() ? ExitCodes.OK : ExitCodes.FAILURE;
        });
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Report every difference between the topics on the broker and their definitions;",
                    "changes nothing. Exit 1 if any differs or Kafka is unreachable."})
    int check(@Mixin Broker broker) {
        return withAdmin(broker, admin -> {
            TopicReport report = admin.check(Topics.definitions());
            spec.commandLine().getOut().println(report.render());
            return report.isClean() ? ExitCodes.OK : ExitCodes.FAILURE;
        });
    }

    private int withAdmin(Broker broker, ToIntFunction<TopicAdmin> action) {
        try (TopicAdmin admin = new TopicAdmin(broker.clientConfig())) {
            return action.applyAsInt(admin);
        } catch (TopicAdminException e) {
            spec.commandLine().getErr().println("topics: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }
}

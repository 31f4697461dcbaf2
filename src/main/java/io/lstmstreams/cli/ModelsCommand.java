package io.lstmstreams.cli;

import io.lstmstreams.registry.CurrentVersion;
import io.lstmstreams.registry.ModelRegistry;
import io.lstmstreams.registry.RegistrySnapshot;
import io.lstmstreams.wire.Json;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code models list|show|pin|unpin|rollback}: the model registry on the models topic. Pin and rollback only write a
 * task's pointer; every running instance swaps to the version it names.
 */
@Command(name = "models",
        mixinStandardHelpOptions = true,
        description = "See the model versions in the registry (lstm.models), pin one, roll back.")
public final class ModelsCommand {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Every version of every task: parent, creation time, metrics; marks the current one (and pinned).")
    int list(@Mixin TopicsCommand.Broker broker) {
        RegistrySnapshot snapshot = read(broker);
        PrintWriter out = spec.commandLine().getOut();
        if (snapshot.tasks().isEmpty()) {
            out.println("no models in the registry");
        }
        snapshot.tasks().values().forEach(task -> task.versions().values().forEach(version -> out.println(line(task, version))));
        return ExitCodes.OK;
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One version's metadata as JSON.")
    int show(@Mixin TopicsCommand.Broker broker, @Parameters(paramLabel = "TASK") String task,
             @Parameters(paramLabel = "VERSION") long version) throws Exception {
        RegistrySnapshot.Version found = existing(read(broker).task(task), version);
        spec.commandLine().getOut().println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(found.metadata()));
        return ExitCodes.OK;
    }

    @Command(name = "pin", mixinStandardHelpOptions = true,
            description = {"Run VERSION of TASK everywhere and stop the retrainer from promoting over it."})
    int pin(@Mixin TopicsCommand.Broker broker, @Parameters(paramLabel = "TASK") String task,
            @Parameters(paramLabel = "VERSION") long version) {
        existing(read(broker).task(task), version);
        return point(broker, task, CurrentVersion.of(version, true, "pinned by an operator"));
    }

    @Command(name = "unpin", mixinStandardHelpOptions = true,
            description = "Let the retrainer promote over TASK's current version again.")
    int unpin(@Mixin TopicsCommand.Broker broker, @Parameters(paramLabel = "TASK") String task) {
        CurrentVersion current = current(read(broker).task(task));
        return point(broker, task, CurrentVersion.of(current.version(), false, "unpinned by an operator"));
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = {"Run the current version's parent (or --to VERSION) everywhere, pinned so that the",
                    "retrainer does not promote over it; 'models unpin' lets it again."})
    int rollback(@Mixin TopicsCommand.Broker broker, @Parameters(paramLabel = "TASK") String task,
                 @Option(names = "--to", paramLabel = "VERSION", description = "Roll back to this version.") Long to) {
        RegistrySnapshot.TaskVersions versions = read(broker).task(task);
        CurrentVersion current = current(versions);
        long target;
        if (to != null) {
            target = to;
        } else {
            RegistrySnapshot.Version running = existing(versions, current.version());
            if (running.metadata().parentVersion() == null) {
                throw new IllegalStateException(task + " version " + current.version() + " has no parent: give --to VERSION");
            }
            target = running.metadata().parentVersion();
        }
        existing(versions, target);
        return point(broker, task, CurrentVersion.of(target, true, "rolled back from " + current.version() + " by an operator"));
    }

    private int point(TopicsCommand.Broker broker, String task, CurrentVersion pointer) {
        try (ModelRegistry registry = new ModelRegistry(broker.clientConfig())) {
            registry.point(task, pointer);
        }
        spec.commandLine().getOut().println(task + ": current version " + pointer.version() + (pointer.pinned() ? " (pinned)" : ""));
        return ExitCodes.OK;
    }

    private static String line(RegistrySnapshot.TaskVersions task, RegistrySnapshot.Version version) {
        CurrentVersion pointer = task.pointer();
        boolean current = pointer != null && pointer.version() == version.version();
        String mark = current ? (pointer.pinned() ? "* pinned " : "* ") : "  ";
        if (version.metadata() == null) {
            return String.format(Locale.ROOT, "%s%s v%d invalid: %s", mark, task.task(), version.version(), version.invalidReason());
        }
        Map<String, Double> metrics = new TreeMap<>(version.metadata().trainingMetrics());
        return String.format(Locale.ROOT, "%s%s v%d parent=%s created=%s %s", mark, task.task(), version.version(),
                version.metadata().parentVersion() == null ? "-" : version.metadata().parentVersion(),
                version.metadata().createdAt(), metrics.entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "%s=%.4g", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(" ")));
    }

    private static RegistrySnapshot.Version existing(RegistrySnapshot.TaskVersions versions, long version) {
        RegistrySnapshot.Version found = versions.version(version).orElseThrow(() -> new IllegalArgumentException(
                versions.task() + " has no version " + version + " (known: " + versions.versions().keySet() + ")"));
        if (found.metadata() == null) {
            throw new IllegalArgumentException(versions.task() + " version " + version + " is invalid: " + found.invalidReason());
        }
        return found;
    }

    private static CurrentVersion current(RegistrySnapshot.TaskVersions versions) {
        if (versions.pointer() == null) {
            throw new IllegalStateException(versions.task() + " has no current version in the registry");
        }
        return versions.pointer();
    }

    private static RegistrySnapshot read(TopicsCommand.Broker broker) {
        return RegistrySnapshot.read(broker.clientConfig(), READ_TIMEOUT);
    }
}

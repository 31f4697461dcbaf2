package io.lstmstreams.registry;

import io.lstmstreams.model.BundleMetadata;
import io.lstmstreams.model.InvalidBundleException;
import io.lstmstreams.model.ModelBundle;
import java.time.Duration;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Everything on the models topic at one moment, per task: each version's metadata (or why its bundle is unusable)
 * and the pointer. What {@code models list|show} print and what pin and rollback decide from. A version's network is
 * not built here, so a bundle whose network does not fit its spec is listed as valid; the watchers reject it.
 */
public final class RegistrySnapshot {

    /** One published version: its metadata, or null with the reason its bundle cannot be used. */
    public record Version(long version, BundleMetadata metadata, String invalidReason) {
    }

    /** One task's versions, in version order, and its pointer (null when none was ever written). */
    public record TaskVersions(String task, NavigableMap<Long, Version> versions, CurrentVersion pointer) {

        public Optional<Version> version(long version) {
            return Optional.ofNullable(versions.get(version));
        }

        /** The next free version number: one past the highest ever published. */
        public long nextVersion() {
            return versions.isEmpty() ? 1 : versions.lastKey() + 1;
        }
    }

    private final Map<String, TaskVersions> tasks;

    private RegistrySnapshot(Map<String, TaskVersions> tasks) {
        this.tasks = tasks;
    }

    /** Reads the whole topic from its start up to its end at the time of the call. */
    public static RegistrySnapshot read(Map<String, Object> clientConfig, Duration timeout) {
        Map<String, NavigableMap<Long, Version>> versions = new TreeMap<>();
        Map<String, CurrentVersion> pointers = new TreeMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (ModelsTopic topic = new ModelsTopic(clientConfig)) {
            while (!topic.caughtUp()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the models topic within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : topic.poll(Duration.ofMillis(200))) {
                    RegistryKey key;
                    try {
                        key = RegistryKey.parse(record.key());
                    } catch (IllegalArgumentException e) {
                        continue;
                    }
                    NavigableMap<Long, Version> taskVersions = versions.computeIfAbsent(key.task(), t -> new TreeMap<>());
                    if (key.isPointer()) {
                        pointers.put(key.task(), record.value() == null ? null : pointer(record.value()));
                    } else if (record.value() == null) {
                        taskVersions.remove(key.version());
                    } else {
                        taskVersions.put(key.version(), version(key, record.value()));
                    }
                }
            }
        }
        Map<String, TaskVersions> tasks = new TreeMap<>();
        versions.forEach((task, taskVersions) -> tasks.put(task, new TaskVersions(task, taskVersions, pointers.get(task))));
        return new RegistrySnapshot(tasks);
    }

    public Map<String, TaskVersions> tasks() {
        return tasks;
    }

    /** A task's versions; an empty history for a task never published. */
    public TaskVersions task(String task) {
        return tasks.getOrDefault(task, new TaskVersions(task, new TreeMap<>(), null));
    }

    private static CurrentVersion pointer(byte[] value) {
        try {
            return CurrentVersion.fromJson(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Metadata alone: a snapshot reads every version of every task, and building each network would cost seconds. */
    private static Version version(RegistryKey key, byte[] value) {
        try {
            return new Version(key.version(), ModelBundle.readMetadata(value, ModelsTopic.MAX_BUNDLE_BYTES), null);
        } catch (InvalidBundleException e) {
            return new Version(key.version(), null, e.getMessage());
        }
    }
}

package io.lstmstreams.registry;

import io.lstmstreams.kafka.ConsumerLoop;
import io.lstmstreams.model.InvalidBundleException;
import io.lstmstreams.model.ModelBundle;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the models topic for a set of tasks, on its own thread (one per app instance): validates every bundle as
 * it arrives (checksum, size, shape, task, version, fit with the running model) and, whenever a task's pointer
 * names another version than the one running, hands that bundle to the task's {@link ModelTarget}. A rejected
 * bundle is logged with its reason and counted ({@code lstm.models.rejected}); the running model stays. Only
 * pointers move a task's model, so a bundle published without one changes nothing.
 *
 * <p>Memory stays bounded however many versions the topic keeps: per task the watcher holds at most one decoded
 * bundle, the latest valid one until it runs or a newer one arrives (a promotion publishes a bundle, then points
 * to it), and of every other valid version only where it is on the topic. A pointer to one of those (a pin, a
 * rollback) reads it from the compacted topic again.
 */
public final class ModelWatcher extends ConsumerLoop {

    private static final Logger LOG = LoggerFactory.getLogger(ModelWatcher.class);

    /** How long a swap to a version read again from the topic waits for it; the watcher waits meanwhile. */
    private static final Duration REREAD_TIMEOUT = Duration.ofSeconds(10);

    /** Where a record is on the models topic. */
    private record Position(TopicPartition partition, long offset) {
    }

    /** One followed task: its target, where its valid versions are, the latest one decoded, its pointer. */
    private static final class TaskModels {
        final ModelTarget target;
        final RegistryMeters meters;
        final Map<Long, Position> valid = new HashMap<>();
        volatile ModelBundle latest;
        volatile CurrentVersion pointer;

        TaskModels(ModelTarget target, RegistryMeters meters) {
            this.target = target;
            this.meters = meters;
        }
    }

    private final Map<String, TaskModels> tasks;
    private final ModelsTopic topic;
    private final long maxBundleBytes;
    private final CountDownLatch caughtUp = new CountDownLatch(1);

    private ModelWatcher(Map<String, TaskModels> tasks, ModelsTopic topic, long maxBundleBytes) {
        super("model-watcher", "models will not change until restart");
        this.tasks = tasks;
        this.topic = topic;
        this.maxBundleBytes = maxBundleBytes;
    }

    /**
     * @param clientConfig   consumer settings: bootstrap servers and security; group and offsets are set here
     * @param maxBundleBytes larger bundles are rejected before they are decoded
     */
    public static ModelWatcher start(Map<String, Object> clientConfig, List<ModelTarget> targets, MeterRegistry meters,
                                     long maxBundleBytes) {
        Map<String, TaskModels> tasks = targets.stream().collect(Collectors.toUnmodifiableMap(ModelTarget::task,
                target -> {
                    RegistryMeters taskMeters = new RegistryMeters(target);
                    taskMeters.bindTo(meters);
                    return new TaskModels(target, taskMeters);
                }));
        ModelWatcher watcher = new ModelWatcher(tasks, new ModelsTopic(clientConfig), maxBundleBytes);
        watcher.startLoop();
        return watcher;
    }

    public static ModelWatcher start(Map<String, Object> clientConfig, List<ModelTarget> targets, MeterRegistry meters) {
        return start(clientConfig, targets, meters, ModelsTopic.MAX_BUNDLE_BYTES);
    }

    /** Waits until everything on the topic when the watcher started has been applied; false on timeout. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How many of a task's records this instance refused. */
    public long rejected(String task) {
        return tasks.get(task).meters.rejectedCount();
    }

    /** A task's latest pointer, if it has one. */
    public Optional<CurrentVersion> pointer(String task) {
        return Optional.ofNullable(tasks.get(task).pointer);
    }

    /** Bytes of the decoded bundles this watcher holds for swaps to come (what the targets run is theirs). */
    long heldBundleBytes() {
        return tasks.values().stream().map(models -> models.latest).filter(Objects::nonNull)
                .mapToLong(ModelBundle::sizeBytes).sum();
    }

    @Override
    protected void pollOnce() {
        List<ConsumerRecord<String, byte[]>> records = topic.poll(Duration.ofMillis(200));
        records.forEach(this::apply);
        if (!records.isEmpty()) {
            tasks.values().forEach(this::select);
        }
        if (caughtUp.getCount() > 0 && topic.caughtUp()) {
            tasks.values().forEach(this::select);
            caughtUp.countDown();
        }
    }

    @Override
    protected void wakeup() {
        topic.wakeup();
    }

    @Override
    protected void closeConsumer() {
        topic.close();
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        RegistryKey key;
        try {
            key = RegistryKey.parse(record.key());
        } catch (IllegalArgumentException e) {
            LOG.warn("models topic offset {}: ignored: {}", record.offset(), e.getMessage());
            return;
        }
        TaskModels models = tasks.get(key.task());
        if (models == null) {
            return; // another task's, or another kind of pipeline's
        }
        if (key.isPointer()) {
            applyPointer(models, key, record.value());
        } else if (record.value() == null) {
            models.valid.remove(key.version());
            ModelBundle latest = models.latest;
            if (latest != null && latest.metadata().modelVersion() == key.version()) {
                models.latest = null;
            }
        } else {
            try {
                models.latest = validated(models, key, record.value());
                models.valid.put(key.version(), new Position(new TopicPartition(record.topic(), record.partition()),
                        record.offset()));
            } catch (InvalidBundleException e) {
                reject(models, key, e.getMessage());
            }
        }
    }

    private void applyPointer(TaskModels models, RegistryKey key, byte[] value) {
        if (value == null) {
            models.pointer = null;
            return;
        }
        try {
            models.pointer = CurrentVersion.fromJson(value);
        } catch (IllegalArgumentException e) {
            reject(models, key, e.getMessage());
        }
    }

    /** The bundle, decoded; throws with the reason when it is invalid or cannot replace the running model. */
    private ModelBundle validated(TaskModels models, RegistryKey key, byte[] value) throws InvalidBundleException {
        ModelBundle bundle = ModelBundle.fromBytes(value, maxBundleBytes);
        if (!bundle.metadata().task().equals(key.task())) {
            throw new InvalidBundleException("bundle is for task '" + bundle.metadata().task() + "'");
        }
        if (bundle.metadata().modelVersion() != key.version()) {
            throw new InvalidBundleException("bundle says version " + bundle.metadata().modelVersion());
        }
        Optional<String> misfit = models.target.incompatibility(bundle);
        if (misfit.isPresent()) {
            throw new InvalidBundleException(misfit.get());
        }
        return bundle;
    }

    private void reject(TaskModels models, RegistryKey key, String reason) {
        models.meters.rejected();
        LOG.warn("rejected {} from the models topic: {}; {} keeps running version {}", key, reason, key.task(),
                models.target.runningVersion());
    }

    /**
     * Swaps a task to the version its pointer names, if that version passed validation, then lets go of the latest
     * bundle if it is the one running: the target holds it.
     */
    private void select(TaskModels models) {
        CurrentVersion pointer = models.pointer;
        if (pointer != null && pointer.version() != models.target.runningVersion()) {
            Optional<ModelBundle> bundle = validVersion(models, pointer.version());
            if (bundle.isPresent()) {
                models.target.swapTo(bundle.get());
                models.meters.swapped();
                LOG.info("{}: now running model version {} ({})", models.target.task(), pointer.version(), pointer.reason());
            } else {
                LOG.warn("{}/current names version {}, which is missing or was rejected; keeps running version {}",
                        models.target.task(), pointer.version(), models.target.runningVersion());
            }
        }
        ModelBundle latest = models.latest;
        if (latest != null && latest.metadata().modelVersion() == models.target.runningVersion()) {
            models.latest = null;
        }
    }

    /** A version that passed validation: the latest, as decoded then, or an earlier one read again from the topic. */
    private Optional<ModelBundle> validVersion(TaskModels models, long version) {
        ModelBundle latest = models.latest;
        if (latest != null && latest.metadata().modelVersion() == version) {
            return Optional.of(latest);
        }
        Position position = models.valid.get(version);
        if (position == null) {
            return Optional.empty();
        }
        return topic.reread(position.partition(), position.offset(), REREAD_TIMEOUT).map(record -> {
            try {
                return ModelBundle.fromBytes(record.value(), maxBundleBytes);
            } catch (InvalidBundleException e) {
                throw new IllegalStateException("a bundle that passed validation no longer decodes", e);
            }
        });
    }
}

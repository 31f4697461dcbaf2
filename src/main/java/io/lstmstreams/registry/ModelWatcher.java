package io.lstmstreams.registry;

import io.lstmstreams.kafka.ConsumerLoop;
import io.lstmstreams.model.InvalidBundleException;
import io.lstmstreams.model.ModelBundle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the models topic for a set of tasks, on its own thread (one per app instance): validates every bundle as
 * it arrives (checksum, size, shape, task, version, fit with the running model) and, whenever a task's pointer
 * names another version than the one running, hands that bundle to the task's {@link ModelTarget}. A rejected
 * bundle is logged with its reason and counted ({@code lstm.models.rejected}); the running model stays. Only
 * pointers move a task's model, so a bundle published without one changes nothing.
 */
public final class ModelWatcher extends ConsumerLoop {

    private static final Logger LOG = LoggerFactory.getLogger(ModelWatcher.class);

    /** One followed task: its target, the raw bytes of the versions that passed validation, its pointer. */
    private static final class TaskModels {
        final ModelTarget target;
        final Counter rejected;
        final NavigableMap<Long, byte[]> valid = new TreeMap<>();
        volatile CurrentVersion pointer;

        TaskModels(ModelTarget target, Counter rejected) {
            this.target = target;
            this.rejected = rejected;
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
                target -> new TaskModels(target, Counter.builder("lstm.models.rejected")
                        .description("Bundles or pointers on the models topic refused by this instance")
                        .tag("task", target.task()).register(meters))));
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
        return (long) tasks.get(task).rejected.count();
    }

    /** A task's latest pointer, if it has one. */
    public Optional<CurrentVersion> pointer(String task) {
        return Optional.ofNullable(tasks.get(task).pointer);
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
        } else {
            validate(models, key, record.value()).ifPresentOrElse(
                    reason -> reject(models, key, reason),
                    () -> models.valid.put(key.version(), record.value()));
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

    private Optional<String> validate(TaskModels models, RegistryKey key, byte[] value) {
        ModelBundle bundle;
        try {
            bundle = ModelBundle.fromBytes(value, maxBundleBytes);
        } catch (InvalidBundleException e) {
            return Optional.of(e.getMessage());
        }
        if (!bundle.metadata().task().equals(key.task())) {
            return Optional.of("bundle is for task '" + bundle.metadata().task() + "'");
        }
        if (bundle.metadata().modelVersion() != key.version()) {
            return Optional.of("bundle says version " + bundle.metadata().modelVersion());
        }
        return models.target.incompatibility(bundle);
    }

    private void reject(TaskModels models, RegistryKey key, String reason) {
        models.rejected.increment();
        LOG.warn("rejected {} from the models topic: {}; {} keeps running version {}", key, reason, key.task(),
                models.target.runningVersion());
    }

    /** Swaps a task to the version its pointer names, if that version passed validation. */
    private void select(TaskModels models) {
        CurrentVersion pointer = models.pointer;
        if (pointer == null || pointer.version() == models.target.runningVersion()) {
            return;
        }
        byte[] bytes = models.valid.get(pointer.version());
        if (bytes == null) {
            LOG.warn("{}/current names version {}, which is missing or was rejected; keeps running version {}",
                    models.target.task(), pointer.version(), models.target.runningVersion());
            return;
        }
        try {
            models.target.swapTo(ModelBundle.fromBytes(bytes, maxBundleBytes));
            LOG.info("{}: now running model version {} ({})", models.target.task(), pointer.version(), pointer.reason());
        } catch (InvalidBundleException e) {
            throw new IllegalStateException("a bundle that passed validation no longer decodes", e);
        }
    }
}

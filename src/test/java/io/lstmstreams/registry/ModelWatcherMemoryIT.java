package io.lstmstreams.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.kafka.EmbeddedKafkaBroker;
import io.lstmstreams.kafka.KafkaBrokerExtension;
import io.lstmstreams.model.BundleMetadata;
import io.lstmstreams.model.CellType;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.model.ModelSpec;
import io.lstmstreams.model.Networks;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.learning.config.Adam;

@ExtendWith(KafkaBrokerExtension.class)
class ModelWatcherMemoryIT {

    private static final String TASK = "large";
    private static final int VERSIONS = 20;
    /** 80,000 frozen vectors of 100 floats: a bundle of about 30 MB, the size of a tagger with pretrained vectors. */
    private static final ModelSpec LARGE = new ModelSpec(ModelSpec.InputSpec.tokens(List.of(
            new ModelSpec.TokenSlot("vectors", 80_000, 100, true, 0))), CellType.LSTM, 8, 1, 0, ModelSpec.HeadSpec.softmax(4));

    /** What the watcher's target runs of a bundle does not matter here, only which version it is. */
    private record Version(long version) implements LiveModel.Swappable<Version> {

        @Override
        public Optional<String> incompatibility(Version running) {
            return Optional.empty();
        }
    }

    @Test
    void twentyPromotionsOfAThirtyMegabyteBundleLeaveTheWatcherHoldingAtMostOneAndAnOldVersionReachable(
            EmbeddedKafkaBroker broker) throws Exception {
        KafkaBrokerExtension.createTopics(broker);
        Map<String, Object> client = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        ModelBundle first = ModelBundle.of(BundleMetadata.of(TASK, 1, LARGE), Networks.create(LARGE, new Adam(), 0, 1));
        LiveModel<Version> live = new LiveModel<>(TASK, bundle -> new Version(bundle.metadata().modelVersion()), first);
        long bundleBytes = live.bundle().sizeBytes();
        assertThat(bundleBytes).isGreaterThan(28_000_000L);
        long baseline = usedHeapAfterGc();

        try (ModelRegistry registry = new ModelRegistry(client);
             ModelWatcher watcher = ModelWatcher.start(client, List.of(live), new SimpleMeterRegistry())) {
            registry.promote(first, "first");
            assertThat(watcher.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            long mostHeld = 0;
            for (long version = 2; version <= VERSIONS; version++) {
                // the same network under each version's metadata: serialising 30 MB anew would take seconds a version
                registry.promote(first.withMetadata(new BundleMetadata(TASK, version, version - 1, LARGE, Map.of(),
                        List.of(), null, Map.of(), Instant.now(), Map.of())), "promotion " + version);
                mostHeld = Math.max(mostHeld, watcher.heldBundleBytes()); // the watcher may be versions behind
            }
            LiveModels.awaitRunning(live, VERSIONS, Duration.ofMinutes(3));
            long grown = usedHeapAfterGc() - baseline;
            System.out.printf(Locale.ROOT, "watcher memory: bundle %.1f MB, %d versions: most held by the watcher %.1f MB,"
                    + " heap grown %.1f MB%n", bundleBytes / 1e6, VERSIONS, mostHeld / 1e6, grown / 1e6);

            assertThat(mostHeld).isLessThanOrEqualTo(bundleBytes);
            // the running bundle (its own copy, decoded by the watcher), the clients, a poll's records in flight
            assertThat(grown).isLessThan(5 * bundleBytes);

            registry.point(TASK, CurrentVersion.of(3, true, "pinned to an early version"));
            LiveModels.awaitRunning(live, 3);
            assertThat(live.bundle().metadata().modelVersion()).isEqualTo(3);
            assertThat(watcher.heldBundleBytes()).isZero();
        }
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}

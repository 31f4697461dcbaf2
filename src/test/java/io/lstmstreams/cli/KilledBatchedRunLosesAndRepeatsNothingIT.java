package io.lstmstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.kafka.EmbeddedKafkaBroker;
import io.lstmstreams.logkeys.LogKeysTask;
import io.lstmstreams.pos.PosTask;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * {@link KilledRunLosesAndRepeatsNothingIT} with events stepped in batches of up to 8 (at the feeds' rate most batches
 * go when their 50 ms wait is over, some when full): a kill may land while events wait in the pending store, or
 * between a batch's outputs and its commit. The reference is the per-record run, so probabilities may differ by the
 * other engine's float32 rounding, and nothing else may.
 */
class KilledBatchedRunLosesAndRepeatsNothingIT extends KilledRunLosesAndRepeatsNothingIT {

    @Override
    List<String> moreSettings() {
        return List.of("--set", "tagging.batch.size=8");
    }

    /** Events went through the pending stores: their changelogs hold the writes and removals. */
    @Override
    void assertRanAsConfigured(EmbeddedKafkaBroker kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Set<String> topics = admin.listTopics().names().get();
            for (String task : List.of(PosTask.NAME, LogKeysTask.NAME)) {
                String changelog = topics.stream().filter(topic -> topic.endsWith(task + "-sequences-pending-changelog"))
                        .findFirst().orElseThrow(() -> new AssertionError("no pending store changelog for " + task + " in " + topics));
                Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
                admin.describeTopics(List.of(changelog)).allTopicNames().get().get(changelog).partitions()
                        .forEach(partition -> ends.put(new TopicPartition(changelog, partition.partition()), OffsetSpec.latest()));
                long written = admin.listOffsets(ends).all().get().values().stream()
                        .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
                assertThat(written).as(changelog + " records").isPositive();
            }
        }
    }

    @Override
    double tolerance() {
        return BatchedTaggingTest.FLOAT32_TOLERANCE;
    }
}

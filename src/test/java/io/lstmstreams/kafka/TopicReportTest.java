package io.lstmstreams.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lstmstreams.wire.TopicDefinition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicReportTest {

    private static final TopicDefinition TOKENS = new TopicDefinition("lstm.tokens", 6, 1, Map.of(), "");

    @Test
    void cleanReportSaysAllTopicsMatch() {
        TopicReport report = new TopicReport(10, List.of());

        assertThat(report.isClean()).isTrue();
        assertThat(report.render()).isEqualTo("all 10 topics match their definitions");
        report.requireClean();
    }

    @Test
    void rendersOneLinePerDifference() {
        TopicReport report = new TopicReport(3, List.of(
                Difference.missing(TOKENS),
                Difference.partitions("lstm.tags", 6, 3),
                Difference.replicationFactor("lstm.tags", 1, 3),
                Difference.config("lstm.models", "cleanup.policy", "compact", "delete"),
                Difference.config("lstm.models", "max.message.bytes", "67108864", null)));

        assertThat(report.render().lines()).containsExactly(
                "lstm.tokens: missing (expected 6 partitions, replication factor 1)",
                "lstm.tags: partitions expected 6, actual 3",
                "lstm.tags: replication factor expected 1, actual 3",
                "lstm.models: config cleanup.policy expected compact, actual delete",
                "lstm.models: config max.message.bytes expected 67108864, actual (not set)");
    }

    @Test
    void requireCleanThrowsWithTheDifferences() {
        TopicReport report = new TopicReport(1, List.of(Difference.partitions("lstm.tags", 6, 3)));

        assertThatThrownBy(report::requireClean)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("run 'topics create'")
                .hasMessageEndingWith("lstm.tags: partitions expected 6, actual 3");
    }

    @Test
    void changesListWhatWasDoneAndWhatCannotBe() {
        TopicChanges changes = new TopicChanges(
                List.of(Difference.missing(TOKENS), Difference.partitions("lstm.tags", 6, 3),
                        Difference.config("lstm.models", "retention.ms", "100", "200")),
                new TopicReport(3, List.of(Difference.partitions("lstm.series", 6, 12))));

        assertThat(changes.isComplete()).isFalse();
        assertThat(changes.render().lines()).containsExactly(
                "lstm.tokens: created with 6 partitions, replication factor 1",
                "lstm.tags: partitions increased from 3 to 6",
                "lstm.models: config retention.ms set to 100 (was 200)",
                "cannot fix lstm.series: partitions expected 6, actual 12");
    }

    @Test
    void noChangesSaySoAndThatTopicsMatch() {
        TopicChanges changes = new TopicChanges(List.of(), new TopicReport(10, List.of()));

        assertThat(changes.render().lines()).containsExactly(
                "nothing to change", "all 10 topics match their definitions");
    }
}

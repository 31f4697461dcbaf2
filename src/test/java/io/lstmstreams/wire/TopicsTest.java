package io.lstmstreams.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void everyConstantLoadsItsFileAndIsNamedAfterIt() {
        assertThat(Topics.ALL.stream().map(Topic::topicName)).containsExactly(
                "lstm.tokens", "lstm.events", "lstm.series", "lstm.tags", "lstm.anomalies", "lstm.forecasts",
                "lstm.forecast-errors", "lstm.labels", "lstm.models", "lstm.dead-letters");
        assertThat(Topics.definitions()).extracting(TopicDefinition::description).allMatch(d -> !d.isBlank());
    }

    @Test
    void everyFileInTopicsDirectoryHasAConstant() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("topics"))) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrder(
                    Topics.ALL.stream().map(topic -> topic.topicName().substring("lstm.".length()) + ".json")
                            .toArray(String[]::new));
        }
    }

    @Test
    void streamTopicsHaveSixPartitionsAndSingletonsOne() {
        assertThat(Topics.definitions()).allMatch(d -> d.replicationFactor() == 1);
        assertThat(Topics.definitions()).filteredOn(d -> d.partitions() == 1)
                .extracting(TopicDefinition::name).containsExactlyInAnyOrder("lstm.models", "lstm.dead-letters");
        assertThat(Topics.definitions()).filteredOn(d -> d.partitions() != 1).allMatch(d -> d.partitions() == 6);
    }

    @Test
    void modelsAreCompactedAndTakeLargeBundles() {
        assertThat(Topics.MODELS.definition().configs())
                .containsEntry("cleanup.policy", "compact")
                .containsEntry("max.message.bytes", "67108864");
    }

    @Test
    void deadLettersAreKeptSevenDays() {
        assertThat(Topics.DEAD_LETTERS.definition().configs()).containsEntry("retention.ms", "604800000");
    }
}

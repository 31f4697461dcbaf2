package io.lstmstreams.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void everyConstantLoadsItsFileAndIsNamedAfterIt() {
        assertThat(Arrays.stream(Topics.values()).map(Topics::topicName)).containsExactly(
                "lstm.tokens", "lstm.events", "lstm.series", "lstm.tags", "lstm.anomalies", "lstm.forecasts",
                "lstm.forecast-errors", "lstm.labels", "lstm.models", "lstm.dead-letters");
        assertThat(Topics.definitions()).extracting(TopicDefinition::description).allMatch(d -> !d.isBlank());
    }

    @Test
    void everyFileInTopicsDirectoryHasAConstant() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("topics"))) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrder(
                    Arrays.stream(Topics.values())
                            .map(topic -> topic.name().toLowerCase(Locale.ROOT).replace('_', '-') + ".json")
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

package io.lstmstreams.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicDefinitionTest {

    @Test
    void parsesAllFieldsAndTakesNumbersAsConfigValues() {
        TopicDefinition definition = TopicDefinition.parse("""
                {"name": "lstm.x", "partitions": 3, "replicationFactor": 1,
                 "configs": {"retention.ms": 1000, "cleanup.policy": "compact"}, "description": "a topic"}
                """, "x.json");

        assertThat(definition).isEqualTo(new TopicDefinition("lstm.x", 3, 1,
                Map.of("retention.ms", "1000", "cleanup.policy", "compact"), "a topic"));
    }

    @Test
    void configsAndDescriptionAreOptional() {
        TopicDefinition definition = TopicDefinition.parse(
                "{\"name\": \"lstm.x\", \"partitions\": 1, \"replicationFactor\": 1}", "x.json");

        assertThat(definition.configs()).isEmpty();
        assertThat(definition.description()).isEmpty();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{\"name\": \"lstm.x\", \"partitions\": 1 | bad.json: not valid JSON: Unexpected end-of-input",
            "[1, 2] | bad.json: expected a JSON object",
            "{\"partitions\": 1, \"replicationFactor\": 1} | bad.json: 'name' must be a string",
            "{\"name\": \"lstm.x\", \"partitions\": \"6\", \"replicationFactor\": 1} | bad.json: 'partitions' must be an integer",
            "{\"name\": \"lstm.x\", \"partitions\": 0, \"replicationFactor\": 1} | bad.json: 'partitions' must be at least 1, was 0",
            "{\"name\": \"lstm x\", \"partitions\": 1, \"replicationFactor\": 1} | bad.json: invalid topic name 'lstm x'",
            "{\"name\": \"lstm.x\", \"partitions\": 1, \"replicationFactor\": 1, \"partition\": 2} | bad.json: unknown field(s) [partition]",
            "{\"name\": \"lstm.x\", \"partitions\": 1, \"replicationFactor\": 1, \"configs\": {\"retention.msx\": \"1\"}} | bad.json: unknown topic config 'retention.msx'",
            "{\"name\": \"lstm.x\", \"partitions\": 1, \"replicationFactor\": 1, \"configs\": {\"retention.ms\": [1]}} | bad.json: config 'retention.ms' must be a string, number or boolean",
    })
    void badFileIsRejectedNamingFileAndProblem(String json, String expectedMessageStart) {
        assertThatThrownBy(() -> TopicDefinition.parse(json, "bad.json"))
                .isInstanceOf(TopicDefinitionException.class)
                .hasMessageStartingWith(expectedMessageStart);
    }

    @Test
    void missingResourceIsNamed() {
        assertThatThrownBy(() -> TopicDefinition.fromClasspath("topics/nope.json"))
                .isInstanceOf(TopicDefinitionException.class)
                .hasMessage("topics/nope.json: not found on the classpath");
    }
}

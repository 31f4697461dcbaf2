package io.lstmstreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigKeyTest {

    @Test
    void everyPipelineHasAModelKeyInItsSection() {
        for (Pipeline pipeline : Pipeline.values()) {
            assertThat(ConfigKey.model(pipeline).name()).isEqualTo(pipeline.key() + ".model");
            assertThat(ConfigKey.ALL).contains(ConfigKey.model(pipeline));
        }
    }

    @Test
    void everyDefaultIsAValidValue() {
        assertThat(ConfigKey.ALL).filteredOn(key -> key.defaultValue() != null).allSatisfy(key ->
                key.type().parse(new Setting(key.name(), key.defaultValue(), "default")));
    }
}

package io.lstmstreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigKeyTest {

    @Test
    void readmeDocumentsEveryKey() throws IOException {
        String readme = Files.readString(Path.of("README.md"));

        assertThat(ConfigKey.ALL).allSatisfy(key -> assertThat(readme).contains("| `" + key.name() + "` |"));
    }

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

package io.lstmstreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lstmstreams.config.ConfigKey;
import io.lstmstreams.config.Setting;
import io.lstmstreams.task.Task;
import org.junit.jupiter.api.Test;

class ConfigKeyTest {

    @Test
    void everyPipelineHasAModelKeyInItsSection() {
        for (Task<?, ?> task : Tasks.ALL) {
            assertThat(Tasks.model(task).name()).isEqualTo(task.name() + ".model");
            assertThat(Tasks.SETTINGS).contains(Tasks.model(task));
        }
    }

    @Test
    void everyDefaultIsAValidValue() {
        assertThat(Tasks.SETTINGS).filteredOn(key -> key.defaultValue() != null).allSatisfy(key ->
                key.type().parse(new Setting(key.name(), key.defaultValue(), "default")));
    }

    @Test
    void noTwoSettingsShareAName() {
        assertThat(Tasks.SETTINGS).extracting(ConfigKey::name).doesNotHaveDuplicates();
    }
}

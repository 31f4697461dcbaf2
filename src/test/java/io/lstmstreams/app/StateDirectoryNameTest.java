package io.lstmstreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirectoryNameTest {

    @TempDir
    Path dir;

    @Test
    void theFirstStartMakesTheNameAndEveryLaterStartOnTheSameDirectoryReadsIt() {
        Path stateDir = dir.resolve("not/made/yet");

        String first = StateDirectoryName.of(stateDir);

        assertThat(first).matches("lstm-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(StateDirectoryName.of(stateDir)).isEqualTo(first);
        assertThat(StateDirectoryName.of(dir.resolve("another"))).isNotEqualTo(first);
    }

    @Test
    void aDamagedNameIsReplacedAndTheNewOneKept() throws IOException {
        Files.writeString(dir.resolve("instance.id"), "\u0000garbage");

        String made = StateDirectoryName.of(dir);

        assertThat(made).startsWith("lstm-");
        assertThat(StateDirectoryName.of(dir)).isEqualTo(made);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(dir.resolve("instance.id")); // no temporary file left
        }
    }
}

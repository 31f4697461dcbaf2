package io.lstmstreams.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TemporaryDirectoryTest {

    @Test
    void closingDeletesTheDirectoryAndEverythingInItOnceAndForAll() throws Exception {
        Path path;
        try (TemporaryDirectory directory = TemporaryDirectory.create("lstm-test-")) {
            path = directory.path();
            assertThat(path.getFileName().toString()).startsWith("lstm-test-");
            Files.writeString(Files.createDirectories(path.resolve("state/0_1")).resolve("rocksdb.log"), "written");
            assertThat(path.resolve("state/0_1/rocksdb.log")).exists();
            directory.close(); // closing twice (here and by the try) is harmless
        }
        assertThat(path).doesNotExist();
    }
}

package io.lstmstreams.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a crash leaves in an application's state directory, and what is discarded of it before a restart. */
class UncheckpointedStateTest {

    @TempDir
    Path stateDir;
    private Path application;

    /** A clean stop's task (0_0, with a checkpoint), a killed run's (0_1, a store and no checkpoint), Streams' files. */
    @BeforeEach
    void crashedState() throws IOException {
        application = stateDir.resolve("app");
        Files.createDirectories(application.resolve("0_0/rocksdb/store"));
        Files.writeString(application.resolve("0_0/.checkpoint"), "0\n1\nstore-changelog 0 42\n");
        Files.createDirectories(application.resolve("0_1/rocksdb/store"));
        Files.writeString(application.resolve("0_1/rocksdb/store/000001.sst"), "data");
        Files.writeString(application.resolve("kafka-streams-process-metadata"), "process id");
    }

    @Test
    void exactlyOnceDiscardsTheTasksWithoutACheckpointAndKeepsTheRest() {
        assertThat(UncheckpointedState.discard(properties(StreamsConfig.EXACTLY_ONCE_V2))).isEqualTo(1);

        assertThat(application.resolve("0_1")).doesNotExist();
        assertThat(application.resolve("0_0/.checkpoint")).exists();
        assertThat(application.resolve("0_0/rocksdb/store")).isDirectory();
        assertThat(application.resolve("kafka-streams-process-metadata")).hasContent("process id");
        assertThat(UncheckpointedState.discard(properties(StreamsConfig.EXACTLY_ONCE_V2))).as("nothing left to discard").isZero();
    }

    @Test
    void atLeastOnceKeepsEverything() {
        assertThat(UncheckpointedState.discard(properties(StreamsConfig.AT_LEAST_ONCE))).isZero();
        assertThat(application.resolve("0_1/rocksdb/store/000001.sst")).exists();
    }

    @Test
    void aStateDirectoryHeldByAnotherInstanceIsLeftAlone() throws IOException {
        try (FileChannel channel = FileChannel.open(application.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = channel.lock()) {
            assertThat(held.isValid()).isTrue();
            assertThat(UncheckpointedState.discard(properties(StreamsConfig.EXACTLY_ONCE_V2))).isZero();
        }
        assertThat(application.resolve("0_1/rocksdb/store/000001.sst")).exists();
    }

    @Test
    void aFirstStartHasNothingToDiscard() {
        Properties fresh = properties(StreamsConfig.EXACTLY_ONCE_V2);
        fresh.put(StreamsConfig.APPLICATION_ID_CONFIG, "never-ran");
        assertThat(UncheckpointedState.discard(fresh)).isZero();
        assertThat(stateDir.resolve("never-ran")).doesNotExist();
    }

    private Properties properties(String guarantee) {
        Properties properties = StreamsProperties.base("app", "127.0.0.1:1", stateDir);
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        return properties;
    }
}
